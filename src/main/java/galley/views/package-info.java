/** Stage 4a, views: what each template receives, made from the model (view records), and ArticleFields, the one declaration of what an article's outputs show. */
package galley.views;
