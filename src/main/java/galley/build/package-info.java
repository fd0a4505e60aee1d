/** The pipeline, top to bottom: SiteBuild runs the steps (project, last build, load, strategy, plan, render, commit, save); SiteCheck runs them up to the plan and writes nothing. */
package galley.build;
