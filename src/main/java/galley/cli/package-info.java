/** The command line: build and check, their options and exit codes, and the tuned JVM they run in. */
package galley.cli;
