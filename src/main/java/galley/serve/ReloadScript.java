package galley.serve;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The live-reload script, put into HTML as it is served and never into the files of the site: a
 * page on disk is exactly what {@code galley build} writes. The script listens on {@link
 * LiveReload#PATH}: {@code reload} reloads the page; {@code error} shows the problems of the failed
 * rebuild over the page (the last good site stays served); {@code ok} removes them and reloads.
 * It tells the server which site version the page was served from, so a rebuild that finished
 * before the page connected still reloads it.
 */
final class ReloadScript {

    static final String OVERLAY_ID = "__galley-overlay";

    private ReloadScript() {}

    /** The script element for a page served at {@code version}. */
    static String element(String version) {
        // Problems are set with textContent, never parsed as HTML. A MessageEvent named "error" has
        // data; the EventSource's own error event (connection lost) has none and is left alone.
        return "<script>(function(){"
                + "var es=new EventSource('" + LiveReload.PATH + "?since=" + version + "');"
                + "function hide(){var o=document.getElementById('" + OVERLAY_ID + "');if(o)o.remove();}"
                + "function show(lines){var o=document.getElementById('" + OVERLAY_ID + "');"
                + "if(!o){o=document.createElement('div');o.id='" + OVERLAY_ID + "';o.setAttribute('role','alert');"
                + "o.style.cssText='position:fixed;top:0;left:0;right:0;bottom:0;z-index:2147483647;overflow:auto;"
                + "margin:0;padding:24px;background:rgba(24,24,24,.95);color:#fff;"
                + "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap';"
                + "(document.body||document.documentElement).appendChild(o);}"
                + "o.textContent='galley serve: the site did not build; the last good site is shown until it does.\\n\\n'"
                + "+lines.join('\\n');}"
                + "es.addEventListener('reload',function(){location.reload();});"
                + "es.addEventListener('ok',function(){hide();location.reload();});"
                + "es.addEventListener('error',function(e){if(typeof e.data==='string')show(e.data.split('\\n'));});"
                + "})();</script>";
    }

    /** {@code html} with the script before its last {@code </body>}, or at its end when it has none. */
    static byte[] inject(byte[] html, String version) {
        String text = new String(html, StandardCharsets.UTF_8);
        String script = element(version);
        int at = text.toLowerCase(Locale.ROOT).lastIndexOf("</body>");
        String served = at < 0 ? text + script : text.substring(0, at) + script + text.substring(at);
        return served.getBytes(StandardCharsets.UTF_8);
    }
}
