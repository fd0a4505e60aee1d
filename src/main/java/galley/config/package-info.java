/** Stage 1, settings: content/site.yaml read and validated into SiteConfig. */
package galley.config;
