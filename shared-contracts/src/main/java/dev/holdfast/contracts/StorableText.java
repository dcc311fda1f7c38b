package dev.holdfast.contracts;

/**
 * Text PostgreSQL can store: no NUL (U+0000), which {@code text} columns refuse, and no lone UTF-16 surrogate, which
 * has no UTF-8 encoding. The gateway refuses such text in requests (422); the worker refuses commands carrying it as
 * malformed, so that one such command can never fail a batch of others.
 */
public final class StorableText {

    /** The validation message, as the API reports it. */
    public static final String PROBLEM = "must not contain NUL (U+0000) or unpaired surrogate characters";

    private StorableText() {
    }

    public static boolean isStorable(CharSequence text) {
        for (int i = 0, length = text.length(); i < length; i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == length || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
