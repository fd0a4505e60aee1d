/** Safe YAML: SnakeYAML without arbitrary types, every node with its line and column. */
package galley.yaml;
