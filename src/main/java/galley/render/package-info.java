/** Stage 4b, render: Freemarker templates into UTF-8 pages, and the feeds, sitemaps and search indexes written in Java. */
package galley.render;
