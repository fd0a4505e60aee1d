package galley.diag;

/** How bad a {@link Diagnostic} is: an error fails the build, a warning does not (unless strict). */
public enum Severity {
    ERROR("error"),
    WARNING("warning");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
