/**
 * {@code galley serve}: a loopback preview server over the output folder, a watcher that rebuilds
 * the site when its sources change, and live reload through server-sent events.
 */
package galley.serve;
