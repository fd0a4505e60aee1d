/** Problems found in the input: path:line:col, severity, message, and the kind the incremental build needs. */
package galley.diag;
