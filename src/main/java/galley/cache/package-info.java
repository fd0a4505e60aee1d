/** What a build leaves for the next one: the parsed sources, the outputs with their keys, the state, and the fingerprint they use. */
package galley.cache;
