package galley.cli;

import galley.diag.Diagnostic;
import galley.diag.Diagnostics;
import galley.render.Json;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * How problems are printed: {@code text} ({@code path:line:col: severity: message}, to standard
 * error, for people), {@code json} (one JSON object per line, to standard output, for tools) or
 * {@code github} (GitHub Actions workflow commands, to standard output, so each problem is an
 * annotation on the file and line of the pull request).
 */
enum ReportFormat {
    TEXT,
    JSON,
    GITHUB;

    /** Prints every problem of {@code diagnostics}, errors first, in the one stable order. */
    void print(Diagnostics diagnostics, PrintWriter out, PrintWriter err) {
        for (Diagnostic d : diagnostics.sorted()) {
            switch (this) {
                case TEXT -> err.println(d);
                case JSON -> out.println(json(d));
                case GITHUB -> out.println(github(d));
            }
        }
        if (diagnostics.dropped() > 0) {
            err.println("galley: " + diagnostics.dropped() + " more problem(s) not shown");
        }
    }

    /** {"path":…,"line":…,"column":…,"severity":…,"code":…,"message":…}; 0 = not known, as in text. */
    static String json(Diagnostic d) {
        return Json.obj()
                .put("path", path(d))
                .put("line", d.at().line())
                .put("column", d.at().column())
                .put("severity", d.severity().label())
                .put("code", code(d))
                .put("message", d.message())
                .toString();
    }

    /**
     * {@code ::error file=…,line=…,col=…,title=…::message}. The data and the property values are
     * escaped as the Actions runner unescapes them (% CR LF, and in properties also : and ,).
     */
    static String github(Diagnostic d) {
        StringBuilder s = new StringBuilder("::")
                .append(d.severity().label())
                .append(" file=")
                .append(property(path(d)));
        if (d.at().line() > 0) s.append(",line=").append(d.at().line());
        if (d.at().column() > 0) s.append(",col=").append(d.at().column());
        s.append(",title=").append(property("galley " + code(d)));
        return s.append("::").append(data(d.message())).toString();
    }

    /** A stable name of the kind of problem, for filters: the diagnostic's kind in lower case. */
    private static String code(Diagnostic d) {
        return d.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String path(Diagnostic d) {
        return d.at().file().toString().replace('\\', '/');
    }

    private static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
