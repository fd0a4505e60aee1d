/** Article bodies: CommonMark to HTML with links between articles resolved and unsafe URLs removed. */
package galley.markdown;
