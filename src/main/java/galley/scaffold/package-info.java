/**
 * New sources from the command line: an article ({@code galley new}), an author ({@code galley
 * new author}) and a whole archive ({@code galley init}). Each is a list of files with their text
 * ({@link Scaffold}), written only where none exists ({@link NewFiles}): Galley never writes over
 * a source.
 */
package galley.scaffold;
