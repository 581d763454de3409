import Foundation
import Logging
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// First on the listening socket's pipeline, so that no error ends the accept loop.
///
/// Accepting fails when the process or the system runs out of file descriptors
/// (EMFILE, ENFILE) or of buffer memory (ENOBUFS, ENOMEM). This handler stops
/// accepting for a moment (50 ms, doubling up to a second while it keeps failing) and
/// says so in the log: retrying at once would spin, since the waiting connection is
/// still there to accept and the descriptor still is not. SwiftNIO's own back-off
/// further down would pause too, but silently, so the preview would stop answering
/// with nothing to say why.
///
/// Any other error that reaches this pipeline concerns one connection (its setup
/// failed). Hummingbird's accept loop ends on any error that reaches it, and the
/// preview would stop listening for good, so these are logged and dropped. A
/// listening socket that is really broken is closed by SwiftNIO itself, which ends
/// the loop the ordinary way.
final class AcceptBackoff: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel
    typealias OutboundIn = Never

    static let firstPause: TimeAmount = .milliseconds(50)
    static let longestPause: TimeAmount = .seconds(1)

    private let logger: Logger
    /// The current pause while accepting fails; nil while it works.
    private var pause: TimeAmount?
    private var resumption: Scheduled<Void>?
    private var readWhenResumed = false

    init(logger: Logger) {
        self.logger = logger
    }

    static func isShortage(_ error: any Error) -> Bool {
        guard let error = error as? IOError else { return false }
        return [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(error.errnoCode)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard Self.isShortage(error) else {
            logger.debug("sambungan gagal disiapkan (a connection failed to set up): \(error)")
            return
        }
        if pause == nil {
            logger.warning("""
                kehabisan sumber daya untuk menerima sambungan (\(error)); dicoba lagi sebentar lagi \
                (out of resources to accept connections; trying again shortly)
                """)
        }
        let next = pause.map { min($0 * 2, Self.longestPause) } ?? Self.firstPause
        pause = next
        resumption?.cancel()
        resumption = context.eventLoop.assumeIsolated().scheduleTask(in: next) { [self] in
            resumption = nil
            if readWhenResumed {
                readWhenResumed = false
                context.read()
            }
        }
    }

    /// A connection was accepted: whatever ran short is available again.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pause = nil
        context.fireChannelRead(data)
    }

    func read(context: ChannelHandlerContext) {
        if resumption != nil {
            readWhenResumed = true
        } else {
            context.read()
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        resumption?.cancel()
        resumption = nil
    }
}
