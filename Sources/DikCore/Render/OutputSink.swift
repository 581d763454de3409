/// Where rendered files go: the publisher's staging folder, or the preview's memory.
/// Paths are relative to the target's root, with `/` separators.
public protocol OutputSink: Sendable {
    func write(_ path: String, _ bytes: [UInt8]) throws
    /// One file handed over in pieces, in order, so that a list of a national register
    /// is never whole in memory. `produce` appends to the output and calls
    /// `flushIfFull()` where a piece may end.
    func stream(_ path: String, _ produce: (ChunkedOutput) throws -> Void) throws
}

extension OutputSink {
    func write(_ path: String, text: String) throws {
        try write(path, Array(text.utf8))
    }

    /// Gathers the pieces and writes the file once: for sinks that keep files whole.
    public func stream(_ path: String, _ produce: (ChunkedOutput) throws -> Void) throws {
        var whole: [UInt8] = []
        let output = ChunkedOutput(threshold: .max) { piece, fromStart in
            if fromStart { whole.removeAll() }
            whole += piece
        }
        try produce(output)
        try output.finish()
        try write(path, whole)
    }
}

/// The bytes of one streamed file, handed to the sink a piece at a time.
public final class ChunkedOutput {
    private(set) var pending: [UInt8] = []
    let threshold: Int
    /// Takes each piece; `fromStart` when it replaces everything handed over before.
    private let deliver: (_ piece: [UInt8], _ fromStart: Bool) throws -> Void
    private var restarting = false

    init(threshold: Int, deliver: @escaping (_ piece: [UInt8], _ fromStart: Bool) throws -> Void) {
        self.threshold = threshold
        self.deliver = deliver
        pending.reserveCapacity(min(threshold, 1 << 20) + 64 * 1024)
    }

    public func append(_ bytes: [UInt8]) { pending.append(contentsOf: bytes) }

    public func append(_ text: String) { pending.append(contentsOf: text.utf8) }

    /// Lets `body` write its bytes straight onto what is pending.
    func write(_ body: (inout [UInt8]) -> Void) { body(&pending) }

    /// Hands over what is pending once it has passed the threshold.
    public func flushIfFull() throws {
        if pending.count >= threshold { try flush() }
    }

    /// Hands over the rest; called once, after the producer returns.
    func finish() throws { try flush() }

    /// Drops everything so far: the next piece starts the file again.
    func restart() {
        pending.removeAll(keepingCapacity: true)
        restarting = true
    }

    private func flush() throws {
        let piece = pending
        pending.removeAll(keepingCapacity: true)
        let fromStart = restarting
        restarting = false
        try deliver(piece, fromStart)
    }
}
