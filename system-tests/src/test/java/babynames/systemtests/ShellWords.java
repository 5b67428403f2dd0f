package babynames.systemtests;

import java.util.ArrayList;
import java.util.List;

/**
 * A command line from the documentation split the way a POSIX shell splits it, for the quoting the
 * documentation uses: single quotes, double quotes, backslash escapes and continuation lines.
 * No expansion of variables or globs: a command that needs them is not run this way.
 */
final class ShellWords {
    private ShellWords() {}

    static List<String> split(String commandLine) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < commandLine.length(); i++) {
            char c = commandLine.charAt(i);
            if (c == '\\' && i + 1 < commandLine.length()) {
                char next = commandLine.charAt(++i);
                if (next != '\n') {
                    word.append(next);
                    inWord = true;
                }
            } else if (c == '\'') {
                int end = closing(commandLine, i, '\'');
                word.append(commandLine, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                int end = closing(commandLine, i, '"');
                word.append(
                        commandLine.substring(i + 1, end).replace("\\\"", "\"").replace("\\\\", "\\"));
                i = end;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static int closing(String text, int open, char quote) {
        for (int i = open + 1; i < text.length(); i++) {
            if (text.charAt(i) == '\\' && quote == '"') {
                i++;
            } else if (text.charAt(i) == quote) {
                return i;
            }
        }
        throw new IllegalArgumentException("Unclosed " + quote + " in: " + text);
    }
}
