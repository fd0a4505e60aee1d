/** What the last build can lend this one: the strategy (full, keyed, new articles, body edits), output keys and what new articles can change. */
package galley.incremental;
