package galley.plan;

import galley.diag.SourcePosition;
import galley.model.Article;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One output page of the site, before rendering: what it shows, which template renders it and
 * where it is written. {@link SitePlanner} makes the complete list for a build.
 */
public sealed interface PagePlan
        permits PagePlan.ArticlePage,
                PagePlan.ListPage,
                PagePlan.IndexPage,
                PagePlan.RedirectPage,
                PagePlan.NotFoundPage,
                PagePlan.SearchPage {

    /** Every template a page kind uses. */
    List<String> TEMPLATES =
            List.of("article.ftlh", "list.ftlh", "index.ftlh", "redirect.ftlh", "404.ftlh", "search.ftlh");

    /** The site path, e.g. {@code /tags/ukraine/page/2/}, without the base URL's path. */
    String sitePath();

    String template();

    /** Where a problem with this page (a URL collision) is reported. */
    SourcePosition origin();

    /** The output file, relative to the output folder: {@code tags/ukraine/page/2/index.html}. */
    default String outputPath() {
        return outputPathOf(sitePath());
    }

    static String outputPathOf(String sitePath) {
        String p = sitePath.substring(1);
        return p.isEmpty() || p.endsWith("/") ? p + "index.html" : p;
    }

    record ArticlePage(Article article) implements PagePlan {
        @Override
        public String sitePath() {
            return article.path();
        }

        @Override
        public String template() {
            return "article.ftlh";
        }

        @Override
        public SourcePosition origin() {
            return SourcePosition.of(article.source(), 1);
        }
    }

    /** The kinds of article list; each has its own URL space. */
    enum ListKind {
        HOME,
        SECTION,
        TAG,
        AUTHOR,
        YEAR,
        MONTH,
        DAY
    }

    /**
     * One page of a list.
     *
     * @param key the section/tag/author slug, or the period ("2025", "2025/11", "2025/11/24")
     * @param root the list's front page, e.g. {@code /tags/ukraine/}
     * @param all the whole list, newest first
     * @param number 0 for the front page, else the numbered page (see {@link Pagination})
     */
    record ListPage(
            ListKind kind,
            String key,
            String root,
            List<Article> all,
            Pagination pagination,
            int number,
            Optional<Path> describedBy)
            implements PagePlan {
        public ListPage {
            Objects.requireNonNull(kind, "kind");
            all = List.copyOf(all);
        }

        @Override
        public String sitePath() {
            return number == 0 ? root : root + "page/" + number + "/";
        }

        @Override
        public String template() {
            return "list.ftlh";
        }

        @Override
        public SourcePosition origin() {
            return describedBy.map(SourcePosition::of).orElse(SourcePosition.of(Path.of("content")));
        }

        public List<Article> shown() {
            return number == 0 ? pagination.front(all) : pagination.page(all, number);
        }
    }

    enum IndexKind {
        TAGS("/tags/"),
        AUTHORS("/authors/"),
        SECTIONS("/sections/"),
        ARCHIVE("/archive/");

        private final String path;

        IndexKind(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }
    }

    record IndexPage(IndexKind kind) implements PagePlan {
        @Override
        public String sitePath() {
            return kind.path();
        }

        @Override
        public String template() {
            return "index.ftlh";
        }

        @Override
        public SourcePosition origin() {
            return SourcePosition.of(Path.of("content"));
        }
    }

    /** An article's earlier URL ({@code aliases:}), pointing to where it lives now. */
    record RedirectPage(String from, Article target) implements PagePlan {
        @Override
        public String sitePath() {
            return from;
        }

        @Override
        public String template() {
            return "redirect.ftlh";
        }

        @Override
        public SourcePosition origin() {
            return SourcePosition.of(target.source(), 1);
        }
    }

    record NotFoundPage() implements PagePlan {
        @Override
        public String sitePath() {
            return "/404.html";
        }

        @Override
        public String template() {
            return "404.ftlh";
        }

        @Override
        public SourcePosition origin() {
            return SourcePosition.of(Path.of("templates", "404.ftlh"));
        }
    }

    /** The search page: a form, and a script that reads the yearly search indexes. */
    record SearchPage() implements PagePlan {
        @Override
        public String sitePath() {
            return "/search/";
        }

        @Override
        public String template() {
            return "search.ftlh";
        }

        @Override
        public SourcePosition origin() {
            return SourcePosition.of(Path.of("templates", "search.ftlh"));
        }
    }
}
