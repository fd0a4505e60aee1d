/** Stage 3, plan: every output of the site (pages and data files), each with the model values it is made from. */
package galley.plan;
