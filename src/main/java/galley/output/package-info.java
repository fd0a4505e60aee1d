/** Stage 5, write: the only code that touches the output folder; writes only changed bytes and commits atomically (staging, standby tree, exchange). */
package galley.output;
