package galley.build;

/** Galley's version, from the jar manifest ("dev" when run from classes). */
public final class Version {
    private Version() {}

    public static String current() {
        String v = SiteBuild.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
