import Foundation
import XCTest

/// What every command's `--help` promises about its options: each enumerated option refuses a
/// typo naming the valid values, and each option is exercised by some CLI test.
final class OptionCoverageCLITests: CLITestCase {
    /// One option of one command, as its `--help` lists it.
    struct HelpOption {
        let command: [String]
        let name: String
        /// The values `(values: a, b)` lists, if the option has them.
        let values: [String]
    }

    /// Every leaf command (`add node`, `path`, …) with its options, read from `--help`.
    func helpOptions() throws -> [HelpOption] {
        var options: [HelpOption] = []
        var pending: [[String]] = [[]]
        while let command = pending.popLast() {
            let help = try ok(command + ["--help"])
            // Up to the blank line before "See 'tiergraph help <subcommand>'".
            let subcommands = Self.section("SUBCOMMANDS", of: help).prefix { !$0.isEmpty }.compactMap { line -> String? in
                guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first else { return nil }
                return String(name)
            }
            if !subcommands.isEmpty {
                pending += subcommands.map { command + [$0] }
                continue
            }
            // One entry per option: its first line starts with "  -", the following lines continue it.
            var entries: [String] = []
            for line in Self.section("OPTIONS", of: help) {
                if line.hasPrefix("  -") { entries.append(line) } else if !entries.isEmpty { entries[entries.count - 1] += " " + line.trimmingCharacters(in: .whitespaces) }
            }
            for entry in entries {
                guard let name = entry.split(separator: " ").first(where: { $0.hasPrefix("--") }).map({ String($0.trimmingCharacters(in: .punctuationCharacters.subtracting(["-"]))) }),
                      name != "--help" else { continue }
                var values: [String] = []
                if let range = entry.range(of: "(values: ") {
                    let list = entry[range.upperBound...].prefix { $0 != ";" && $0 != ")" }
                    values = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                }
                options.append(HelpOption(command: command, name: name, values: values))
            }
        }
        return options
    }

    /// The lines of a help text's section (`OPTIONS:` …) up to the next section.
    static func section(_ title: String, of help: String) -> [String] {
        let lines = help.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: title + ":") else { return [] }
        return Array(lines[(start + 1)...].prefix { !$0.hasSuffix(":") || $0.hasPrefix(" ") })
    }

    private func writeGraph() throws {
        try write("f/nodes.csv", "id,kind,name,country\ntsmc,foundry,TSMC,TW\nh200,chip,H200,US\nbytedance,csp,ByteDance,CN\n")
        try write("f/edges.csv", "id,source,target,kind,share,cost\ne1,tsmc,h200,manufactures,0.9,2\ne2,bytedance,h200,orders,,\n")
        _ = try ok(["import", "f", "--db", "g.db"])
    }

    func testEveryEnumeratedOptionRefusesATypoNamingTheValidValues() throws {
        try writeGraph()
        // The options whose values --help lists: each command, each such option, one typo.
        let listed = try helpOptions().filter { !$0.values.isEmpty }
        XCTAssertGreaterThan(listed.count, 30, "every --format, --dialect, --cluster-by, --claims, --kind-change …")
        var cases: [(arguments: [String], valid: [String])] = listed.map { ($0.command + [$0.name, "zz" + $0.values[0]], $0.values) }
        // The options whose values depend on the graph or are named in prose.
        let kinds = ["foundry", "chip", "csp"], edgeKinds = ["manufactures", "orders", "supplies"]
        let modalities = ["reported", "estimate", "forecast", "rumour"], flows = ["with", "against", "none", "gate"]
        let queries: [[String]] = [
            ["path", "tsmc", "bytedance"], ["paths", "tsmc", "bytedance", "--max-depth", "3"], ["upstream", "bytedance"],
            ["downstream", "tsmc"], ["neighbors", "h200"], ["chokepoints", "bytedance"], ["impact", "--remove", "tsmc"], ["exposure", "tsmc"],
        ]
        for query in queries {
            cases.append((query + ["--node-kinds", "chips"], kinds))
            cases.append((query + ["--edge-kinds", "order"], edgeKinds))
            cases.append((query + ["--include", "forecasts"], modalities))
        }
        for selection in [["export", "--format", "json"], ["render", "-o", "x.svg"]] {
            cases.append((selection + ["--kinds", "chips"], kinds))
            cases.append((selection + ["--edge-kinds", "order"], edgeKinds))
            cases.append((selection + ["--path", "tsmc", "bytedance", "--any-direction", "--weight", "hosp"], ["hops", "share", "volume", "cost"]))
        }
        cases += [
            (["path", "tsmc", "bytedance", "--weight", "hosp"], ["hops", "share", "volume", "cost"]),
            (["chokepoints", "bytedance", "--by", "contry"], ["country", "kind"]),
            (["chokepoints", "bytedance", "--from", "foundries"], kinds),
            (["impact", "--remove", "tsmc", "--of", "chips"], kinds),
            (["impact", "--remove-where", "kind=fab"], kinds),
            (["impact", "--remove-where", "contry=US"], ["country", "kind"]),
            (["list", "--kind", "chips"], kinds),
            (["list", "--where", "contry=US"], ["country", "kind"]),
            (["find", "ts", "--where", "contry=US"], ["country", "kind"]),
            (["edges", "--kind", "order"], edgeKinds),
            (["edges", "--where", "kinde=orders"], ["kind", "source", "target"]),
            (["render", "-o", "x.svg", "--layout", "dto"], ["dot", "sfdp", "neato", "fdp", "circo", "twopi"]),
            (["render", "-o", "x.svg", "--collapse-by", "contry"], ["country", "kind"]),
            (["import", "f", "--flow", "orders=sideways"], flows),
            (["import", "f", "--unknown-kinds-flow", "sideways"], flows),
            (["add", "edge", "tsmc", "bytedance", "--kind", "ships", "--flow", "sideways"], flows),
            (["kind", "add", "ships", "--flow", "sideways"], flows),
        ]
        let before = try ok(["export", "--format", "json", "--db", "g.db"])
        for (arguments, valid) in cases {
            let result = try run(arguments + ["--db", "g.db"])
            let said = arguments.joined(separator: " ")
            XCTAssertNotEqual(result.status, 0, "\(said) should fail")
            XCTAssertEqual(result.stdout, "", said)
            for value in valid { XCTAssertTrue(result.stderr.contains(value), "\(said): stderr names no '\(value)': \(result.stderr)") }
        }
        XCTAssertEqual(try ok(["export", "--format", "json", "--db", "g.db"]), before, "no typo wrote anything")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("x.svg")))
    }

    /// Every option of every command's --help appears in some CLI test's command line for that
    /// command: an array literal that starts with the command's name (`["path", …]`), or, for
    /// `serve`, the arguments a test gives ``ServerTestCase/serve(_:_:)``.
    func testEveryOptionInEveryHelpIsExercisedByACLITest() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") && $0 != "OptionCoverageCLITests.swift" }
        let source = try files.map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }.joined(separator: "\n")
        let options = try helpOptions()
        let commands = Set(options.map { $0.command.joined(separator: " ") })
        var used: [String: Set<String>] = [:]
        for literal in Self.arrayLiterals(in: source) {
            let strings = Self.stringLiterals(in: literal)
            guard let first = strings.first else { continue }
            let command: String
            if strings.count > 1, commands.contains(first + " " + strings[1]) { command = first + " " + strings[1] }
            else if commands.contains(first) { command = first }
            else if literal.hasPrefix("serve:") { command = "serve" }
            else { continue }
            used[command, default: []].formUnion(strings.filter { $0.hasPrefix("-") })
        }
        // ServerTestCase starts every server with --db and --port.
        used["serve", default: []].formUnion(["--db", "--port"])
        let missing = options.filter { option in
            let names = used[option.command.joined(separator: " ")] ?? []
            return !names.contains(option.name) && !(option.name == "--output" && names.contains("-o"))
        }
        XCTAssertEqual(missing.map { $0.command.joined(separator: " ") + " " + $0.name }, [], "options no CLI test exercises")
    }

    /// The bracketed array literals of Swift source (nested ones too); one passed to `serve(x, [`
    /// is prefixed with `serve:`.
    static func arrayLiterals(in source: String) -> [String] {
        let characters = Array(source)
        var literals: [String] = []
        var opened: [Int] = []
        var index = 0
        while index < characters.count {
            switch characters[index] {
            case "\"":
                index += 1
                while index < characters.count && characters[index] != "\"" && characters[index] != "\n" {
                    index += characters[index] == "\\" ? 2 : 1
                }
            case "[": opened.append(index)
            case "]":
                if let start = opened.popLast() {
                    let text = String(characters[start...index])
                    let before = String(characters[max(0, start - 60)..<start])
                    literals.append(before.range(of: #"serve\([^\n]*,\s*$"#, options: .regularExpression) != nil ? "serve:" + text : text)
                }
            default: break
            }
            index += 1
        }
        return literals
    }

    /// The plain string literals of a piece of Swift source, in order.
    static func stringLiterals(in text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #""((?:[^"\\\n]|\\.)*)""#)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
