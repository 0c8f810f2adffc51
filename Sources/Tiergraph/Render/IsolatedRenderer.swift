import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Lays out and renders DOT with Graphviz's libraries in a child process, so that a crash, a
/// layout that runs without end or a memory blow-up inside Graphviz becomes a ``RenderFailure``
/// instead of taking the caller down.
///
/// Graphviz 2.42 can abort the process on some inputs (see ``DOTWriter`` for the one found) and
/// its layouts have no time bound. The child is an executable that calls ``runWorker()`` when
/// started with ``workerArguments`` (the `tiergraph` command line does, through a hidden
/// `__render-worker` command); by default it is the running executable itself
/// (`/proc/self/exe`). The child renders in-process with ``Graphviz/render(_:format:layout:)``
/// under an address-space limit (`RLIMIT_AS`) it sets on itself first; the parent kills it when
/// the time limit passes.
///
/// Protocol: the parent writes one line `FORMAT LAYOUT` (`-` for the default layout) and then
/// the DOT text to the child's stdin; the child answers on stdout with one line
/// `LAYOUT<TAB>NOTE` and then the rendered bytes, exits 0, or exits 1 with Graphviz's message on
/// stderr. Parent and child must be the same build.
///
/// The parent ignores `SIGPIPE` (process-wide) so that a child that dies before reading its
/// input gives a write error, not the parent's death.
public struct IsolatedRenderer: Sendable {
    /// The arguments that make the worker executable call ``runWorker()``.
    public static let workerArguments = ["__render-worker"]
    /// Test hook, honoured only by the worker: `abort` aborts it, `hang` makes it sleep without
    /// end, `memory` makes it allocate memory until its limit stops it, all before rendering.
    /// Lets tests check what a crash, a runaway layout and a memory blow-up look like.
    public static let faultVariable = "TIERGRAPH_RENDER_WORKER_FAULT"
    /// How much memory (bytes) the worker may take beyond what it has at start, passed to it
    /// in its environment.
    static let memoryVariable = "TIERGRAPH_RENDER_WORKER_MEMORY"

    /// The executable to start (it must call ``runWorker()`` when given `arguments`).
    public var executable: URL
    public var arguments: [String]
    /// Seconds the layout and render may take before the child is killed.
    public var timeout: Double
    /// Bytes of address space the child may add to what it holds when it starts.
    public var memoryLimit: Int

    /// The default limits: 60 seconds, 4 GiB.
    public static let defaultTimeout = 60.0
    public static let defaultMemoryLimit = 4 << 30

    public init(
        executable: URL? = nil, arguments: [String] = IsolatedRenderer.workerArguments,
        timeout: Double = IsolatedRenderer.defaultTimeout, memoryLimit: Int = IsolatedRenderer.defaultMemoryLimit
    ) {
        self.executable = executable ?? IsolatedRenderer.currentExecutable
        self.arguments = arguments
        self.timeout = timeout
        self.memoryLimit = memoryLimit
    }

    /// The running executable's file (`/proc/self/exe` resolved, so the child starts the same file).
    public static var currentExecutable: URL {
        let link = "/proc/self/exe"
        return URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) ?? link)
    }

    /// Renders `dot` in a child process. Throws ``GraphvizError`` with Graphviz's message when
    /// Graphviz rejects the input, and ``RenderFailure`` when the child crashes, runs out of
    /// time or memory, or cannot be started.
    public func render(_ dot: String, format: Graphviz.Format, layout: String? = nil) throws -> Graphviz.Rendering {
        if let layout, !Graphviz.layouts.contains(layout) {
            throw GraphvizError("unknown layout '\(layout)'; use one of \(Graphviz.layouts.joined(separator: ", "))")
        }
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment[IsolatedRenderer.memoryVariable] = String(memoryLimit)
        environment["SWIFT_BACKTRACE"] = "enable=no"  // a crash report would bury Graphviz's message
        process.environment = environment
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        do {
            try process.run()
        } catch {
            throw RenderFailure.couldNotStart("\(executable.path): \(error.localizedDescription)")
        }
        // Write and read concurrently: a child that fills a pipe while the parent waits on
        // another would deadlock both.
        let streams = Streams()
        let group = DispatchGroup()
        let request = Data("\(format.rawValue) \(layout ?? "-")\n".utf8) + Data(dot.utf8)
        let writer = input.fileHandleForWriting
        DispatchQueue.global().async(group: group) {
            try? writer.write(contentsOf: request)
            try? writer.close()
        }
        let outReader = output.fileHandleForReading, errReader = errors.fileHandleForReading
        DispatchQueue.global().async(group: group) { streams.stdout = outReader.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { streams.stderr = errReader.readDataToEndOfFile() }
        var timedOut = false
        if ended.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            ended.wait()
        }
        group.wait()
        let message = String(decoding: streams.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if timedOut { throw RenderFailure.timedOut(seconds: timeout) }
        if process.terminationReason == .uncaughtSignal {
            let signal = process.terminationStatus
            if message.lowercased().contains("out of memory") || message.contains("could not allocate") {
                throw RenderFailure.outOfMemory(limit: memoryLimit)
            }
            throw RenderFailure.crashed(signal: signal, message: message)
        }
        switch process.terminationStatus {
        case 0:
            guard let newline = streams.stdout.firstIndex(of: 10) else {
                throw RenderFailure.badAnswer("no header line")
            }
            let header = String(decoding: streams.stdout[..<newline], as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false)
            let data = [UInt8](streams.stdout[(newline + 1)...])
            // What Graphviz's plugins print instead of reporting (the PNG size limit), said as notes.
            var seen = Set<String>()
            let notes = ((header.count > 1 && !header[1].isEmpty ? [String(header[1])] : [])
                + message.split(separator: "\n").map { Graphviz.explain(String($0)) }).filter { seen.insert($0).inserted }
            return Graphviz.Rendering(data: data, layout: String(header[0]), note: notes.isEmpty ? nil : notes.joined(separator: "; "))
        case 1:
            throw GraphvizError(message.isEmpty ? "Graphviz failed" : message)
        case let status:
            throw RenderFailure.exited(status: status, message: message)
        }
    }

    /// The worker's side: reads a request on stdin, renders it in-process, answers on stdout.
    /// - Returns: the exit status (0 rendered, 1 Graphviz rejected the input, 2 bad request).
    public static func runWorker() -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        if let extra = environment[memoryVariable].flatMap(Int.init), extra > 0 {
            limitAddressSpace(extra: extra)
        }
        let request = FileHandle.standardInput.readDataToEndOfFile()
        guard let newline = request.firstIndex(of: 10) else {
            FileHandle.standardError.write(Data("render worker: no request header\n".utf8))
            return 2
        }
        let header = String(decoding: request[..<newline], as: UTF8.self).split(separator: " ").map(String.init)
        guard header.count == 2, let format = Graphviz.Format(rawValue: header[0]) else {
            FileHandle.standardError.write(Data("render worker: bad request header\n".utf8))
            return 2
        }
        let dot = String(decoding: request[(newline + 1)...], as: UTF8.self)
        switch environment[faultVariable] {
        case "abort"?: abort()
        case "hang"?: while true { sleep(60) }
        case "memory"?: exhaustMemory()
        default: break
        }
        do {
            let rendering = try Graphviz.render(dot, format: format, layout: header[1] == "-" ? nil : header[1])
            let note = (rendering.note ?? "").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
            try FileHandle.standardOutput.write(contentsOf: Data("\(rendering.layout)\t\(note)\n".utf8) + Data(rendering.data))
            return 0
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return 1
        }
    }

    /// Sets `RLIMIT_AS` to the address space in use now plus `extra` bytes.
    private static func limitAddressSpace(extra: Int) {
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = Int(statm.split(separator: " ").first ?? "") ?? 0
        let limit = rlim_t(pages * Int(sysconf(Int32(_SC_PAGESIZE))) + extra)
        var value = rlimit(rlim_cur: limit, rlim_max: limit)
        setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &value)
    }

    /// The `memory` fault: touches 64 MiB blocks until allocation fails (at most 8 GiB), then
    /// fails the way Graphviz's allocator does ("out of memory", abort).
    private static func exhaustMemory() {
        let block = 64 << 20
        for _ in 0..<128 {
            guard let pointer = malloc(block) else {
                // No allocation here: there is no memory left.
                _ = "out of memory\n".withCString { write(2, $0, strlen($0)) }
                abort()
            }
            memset(pointer, 1, block)
        }
    }

    /// What the child wrote, filled by the reader threads before the group they run in ends.
    private final class Streams: @unchecked Sendable {
        var stdout = Data()
        var stderr = Data()
    }
}

/// Why an isolated render (``IsolatedRenderer``) failed, other than Graphviz rejecting the input.
public enum RenderFailure: Error, Equatable, CustomStringConvertible, Sendable {
    /// The child died of a signal (Graphviz aborted or crashed); `message` is its last words.
    case crashed(signal: Int32, message: String)
    /// The layout took longer than the time limit; the child was killed.
    case timedOut(seconds: Double)
    /// The layout needed more memory than the limit (bytes).
    case outOfMemory(limit: Int)
    /// The child exited with an unexpected status.
    case exited(status: Int32, message: String)
    /// The child could not be started.
    case couldNotStart(String)
    /// The child's answer could not be read.
    case badAnswer(String)

    public var description: String {
        switch self {
        case .crashed(let signal, let message):
            let name = strsignal(signal).map { String(cString: $0) } ?? "signal \(signal)"
            return "Graphviz crashed while laying out the graph (signal \(signal), \(name))"
                + (message.isEmpty ? "" : ": " + (message.split(separator: "\n").last.map(String.init) ?? message))
        case .timedOut(let seconds):
            return "the layout took longer than \(JSONValue.format(seconds)) s and was stopped (try --timeout, a smaller selection or --layout sfdp)"
        case .outOfMemory(let limit):
            return "the layout needed more than \(limit >> 20) MiB of memory and was stopped (try a smaller selection or --layout sfdp)"
        case .exited(let status, let message):
            return "the render worker exited with status \(status)" + (message.isEmpty ? "" : ": " + message)
        case .couldNotStart(let detail):
            return "could not start the render worker: \(detail)"
        case .badAnswer(let detail):
            return "the render worker's answer could not be read: \(detail)"
        }
    }
}
