package dev.holdfast.tools;

/** The tools' settings: the environment variables of the README's configuration table, with their defaults. */
final class Settings {

    private Settings() {
    }

    /** The variable's value, or {@code fallback} when it is unset or blank. */
    static String get(String variable, String fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : value;
    }
}
