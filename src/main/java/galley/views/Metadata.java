package galley.views;

import galley.model.Article;
import galley.model.Author;
import galley.model.Term;
import galley.render.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What search engines and social sites read: Open Graph and Twitter card tags, and JSON-LD
 * ({@code NewsArticle}, {@code ProfilePage}/{@code Person}, {@code BreadcrumbList}, {@code WebSite}).
 */
public final class Metadata {

    private Metadata() {}

    static List<Views.Meta> basic(
            PageViews views, String type, String title, String description, String url, Optional<String> ownImage) {
        Optional<String> image = ownImage;
        List<Views.Meta> meta = new ArrayList<>();
        og(meta, "og:site_name", views.config().title());
        og(meta, "og:type", type);
        og(meta, "og:title", title);
        og(meta, "og:description", description);
        og(meta, "og:url", url);
        og(meta, "og:locale", views.config().language().replace('-', '_'));
        // A page without an image of its own is previewed with the site's (images.social), if any.
        image = image.or(views::socialImage);
        image.map(views::absoluteMedia).ifPresent(i -> og(meta, "og:image", i));
        named(meta, "twitter:card", image.isPresent() ? "summary_large_image" : "summary");
        named(meta, "twitter:title", title);
        named(meta, "twitter:description", description);
        image.map(views::absoluteMedia).ifPresent(i -> named(meta, "twitter:image", i));
        return meta;
    }

    static List<Views.Meta> article(PageViews views, Article a, Views.ArticleView view) {
        List<Views.Meta> meta = basic(
                views,
                "article",
                a.title(),
                a.description(),
                view.absoluteUrl(),
                // The widest resized copy (at most the largest configured width) rather than the
                // original, which may be an agency's many megabytes: link previews fetch it.
                view.image().map(Views.Picture::src).or(() -> views.firstBodyImage(a)));
        view.image().filter(i -> !i.alt().isEmpty()).ifPresent(i -> {
            og(meta, "og:image:alt", i.alt());
            named(meta, "twitter:image:alt", i.alt());
        });
        og(meta, "article:published_time", view.date().iso());
        og(meta, "article:modified_time", views.moment(a.lastModified()).iso());
        og(meta, "article:section", a.section().name());
        for (Term t : a.tags()) og(meta, "article:tag", t.name());
        return meta;
    }

    static String articleJsonLd(PageViews views, Article a, Views.ArticleView view, List<Views.Link> crumbs) {
        List<Object> authors = new ArrayList<>();
        for (String slug : a.authors()) {
            authors.add(Json.obj("Person")
                    .put("name", views.authorName(slug))
                    .put("url", views.absolute("/authors/" + slug + "/")));
        }
        Json.Obj article = Json.obj("NewsArticle")
                .put("@context", "https://schema.org")
                .put("headline", a.title())
                .put("description", a.description())
                .put("url", view.absoluteUrl())
                .put("mainEntityOfPage", view.absoluteUrl())
                .put("datePublished", view.date().iso())
                .put("dateModified", views.moment(a.lastModified()).iso())
                .put("author", authors)
                .put(
                        "publisher",
                        Json.obj("Organization")
                                .put("name", views.config().title())
                                .put("url", views.absolute("/")))
                .put(
                        "image",
                        view.image()
                                .map(Views.Picture::src)
                                .or(() -> views.firstBodyImage(a))
                                .map(src -> List.<Object>of(views.absoluteMedia(src)))
                                .orElse(List.of()))
                .put("articleSection", a.section().name())
                .put(
                        "keywords",
                        String.join(", ", a.tags().stream().map(Term::name).toList()))
                .put("inLanguage", views.config().language())
                .put("wordCount", a.wordCount());
        return "[" + article + "," + breadcrumbs(views, crumbs) + "]";
    }

    static String profileJsonLd(PageViews views, Author author, List<Views.Link> crumbs) {
        List<Object> sameAs = new ArrayList<>();
        author.links().values().stream()
                .filter(u -> u.startsWith("https://") || u.startsWith("http://"))
                .forEach(sameAs::add);
        Json.Obj person = Json.obj("Person")
                .put("name", author.name())
                .put("jobTitle", author.role())
                .put("url", views.absolute("/authors/" + author.slug() + "/"))
                .put(
                        "image",
                        author.photo()
                                .map(views::mediaUrl)
                                .map(views::absoluteMedia)
                                .orElse(null))
                .put(
                        "worksFor",
                        Json.obj("Organization").put("name", views.config().title()))
                .put("sameAs", sameAs);
        Json.Obj page =
                Json.obj("ProfilePage").put("@context", "https://schema.org").put("mainEntity", person);
        return "[" + page + "," + breadcrumbs(views, crumbs) + "]";
    }

    static String listJsonLd(PageViews views, boolean home, List<Views.Link> crumbs) {
        if (home) {
            return Json.obj("WebSite")
                    .put("@context", "https://schema.org")
                    .put("name", views.config().title())
                    .put("url", views.absolute("/"))
                    .put("description", views.config().description())
                    .toString();
        }
        return breadcrumbs(views, crumbs).toString();
    }

    private static Json.Obj breadcrumbs(PageViews views, List<Views.Link> crumbs) {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < crumbs.size(); i++) {
            Views.Link c = crumbs.get(i);
            Json.Obj item = Json.obj("ListItem").put("position", i + 1).put("name", c.name());
            if (!c.url().isEmpty()) item.put("item", views.config().absolute(c.url()));
            items.add(item);
        }
        return Json.obj("BreadcrumbList").put("@context", "https://schema.org").put("itemListElement", items);
    }

    private static void og(List<Views.Meta> meta, String key, String content) {
        if (content != null && !content.isEmpty()) meta.add(new Views.Meta("property", key, content));
    }

    private static void named(List<Views.Meta> meta, String key, String content) {
        if (content != null && !content.isEmpty()) meta.add(new Views.Meta("name", key, content));
    }
}
