import Foundation

/// Left-aligned columns separated by three spaces, as docker prints them.
enum TableOutput {
    static func print(headers: [String], rows: [[String]]) {
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        for row in [headers] + rows {
            let line = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "   ")
            Swift.print(line)
        }
    }

    static func age(since seconds: Double, now: Double) -> String {
        let elapsed = max(0, Int(now - seconds))
        if elapsed < 60 { return "\(elapsed) seconds ago" }
        if elapsed < 3600 { return "\(elapsed / 60) minutes ago" }
        if elapsed < 86400 { return "\(elapsed / 3600) hours ago" }
        return "\(elapsed / 86400) days ago"
    }
}
