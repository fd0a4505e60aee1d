/** Stage 2, the model: immutable records of the archive (articles, authors, sections, tags), newest first. */
package galley.model;
