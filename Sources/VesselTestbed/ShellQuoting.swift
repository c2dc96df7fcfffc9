import Foundation

/// POSIX shell quoting for words placed into generated scenario scripts.
public enum ShellQuoting {
    /// `word` as one single-quoted shell word.
    public static func quote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    public static func command(_ words: [String]) -> String {
        words.map(quote).joined(separator: " ")
    }
}
