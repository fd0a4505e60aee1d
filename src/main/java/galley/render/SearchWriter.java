package galley.render;

import galley.model.Article;
import galley.plan.DataFile;
import galley.views.PageViews;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The search index files, as JSON written by {@link Json}: every value is a JSON string, with
 * {@code <}, {@code >} and {@code &} escaped as well, so no title or tag can become markup even if
 * a page embedded the file. The search page's script puts values into the page as text only.
 */
public final class SearchWriter {

    private SearchWriter() {}

    /** {@code [{"t": title, "u": url, "d": ISO date, "w": date as shown, "s": section, "a": [authors], "g": [tags], "x": summary}, ...]} */
    public static byte[] index(List<Article> articles, PageViews views) {
        StringBuilder sb = new StringBuilder(articles.size() * 320 + 16).append("[\n");
        for (int i = 0; i < articles.size(); i++) {
            sb.append(views.searchEntry(articles.get(i)));
            sb.append(i + 1 < articles.size() ? ",\n" : "\n");
        }
        return sb.append("]\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {"years": [{"year": "2025", "url": "/search/2025.json", "count": 412}, ...]}}, newest year first. */
    public static byte[] manifest(List<DataFile.SearchIndex> years, PageViews views) {
        List<Object> list = years.stream()
                .map(y -> (Object) Json.obj()
                        .put("year", y.year())
                        .put("url", views.url(y.sitePath()))
                        .put("count", y.articles().size()))
                .toList();
        return (Json.obj().put("years", Json.list(list)) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
