import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much one preview lets its clients hold, so that connections that never finish
/// a request, or a flood of connections, can neither starve it for long nor take the
/// file descriptors its own work needs.
public struct ServeLimits: Sendable {
    /// How long a connection has to send a complete request head, counted from when
    /// it opens or its previous answer ended; a kept-alive connection that sends
    /// nothing is closed after it too. Browsers send a head in one packet, so ten
    /// seconds is generous for them and short for a client that holds a slot open by
    /// sending half a head (or one byte at a time: bytes alone do not reset it). An
    /// answer being written, such as a reload stream, is never cut by it.
    public var requestHeadTimeout: Duration
    /// Connections served at once. A review preview has a few tabs open, each with a
    /// handful of connections and one reload stream; 128 leaves room for several
    /// people. More are answered 503 and closed.
    public var maxConnections: Int

    public init(requestHeadTimeout: Duration = .seconds(10), maxConnections: Int = 128) {
        self.requestHeadTimeout = requestHeadTimeout
        self.maxConnections = maxConnections
    }

    public static let standard = ServeLimits()

    /// Descriptors kept free for everything that is not a connection: the site's files
    /// while they are read again, the folder watcher, the event loops, and libdispatch,
    /// which on Linux ends the process with SIGILL when it cannot open
    /// /proc/self/task/N/stat to watch its threads. Running out is therefore fatal,
    /// whatever the server does about it, so it must never be the connections that
    /// run the process out.
    static let descriptorReserve = 64
    /// Connections past the cap that may be open at once while they are being refused.
    /// Past this, new connections wait in the kernel's accept queue.
    static let refusalRoom = 16

    /// `maxConnections`, lowered where the process may open few descriptors (a small
    /// `ulimit -n`), so that served and refused connections together always leave
    /// `descriptorReserve` free.
    func connectionCap(descriptorLimit: Int) -> Int {
        max(1, min(maxConnections, descriptorLimit - Self.descriptorReserve - Self.refusalRoom))
    }

    /// How many descriptors this process may have open (the soft limit).
    static func descriptorLimit() -> Int {
        var limit = rlimit()
        #if canImport(Glibc)
        let result = getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        #else
        let result = getrlimit(RLIMIT_NOFILE, &limit)
        #endif
        guard result == 0 else { return Int(Int32.max) }
        // RLIM_INFINITY is the largest value: clamped, it reads as no limit.
        return Int(clamping: limit.rlim_cur)
    }
}
