/** Facts about media files that pages show (the intrinsic size of an image). */
package galley.media;
