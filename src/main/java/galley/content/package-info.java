/** Stage 1, load: the source tree scanned, front matter and profiles read with positions, validated all at once into the model. */
package galley.content;
