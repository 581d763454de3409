import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Refuses requests whose Host is not one of the preview's own names, so a web page
/// cannot point its own domain name at 127.0.0.1 (DNS rebinding) and read the
/// internal pages. Whether the preview is on loopback is decided from the address it
/// binds, not from how `--host` was spelled: `127.1`, `2130706433` and
/// `::ffff:127.0.0.1` bind loopback as surely as `127.0.0.1` does. A server bound to
/// another address accepts any well-formed Host: the user chose to expose it and was
/// warned.
public struct HostCheck: Sendable {
    public enum Verdict: Sendable, Equatable {
        case allowed
        /// Not a plain `host[:port]`.
        case malformed
        /// Well formed, but not a name of this loopback preview.
        case foreign
    }

    /// What a loopback preview answers to; nil when it is bound elsewhere.
    let allowed: Set<HostName>?

    /// `address` is the address the server binds; nil when `--host` did not resolve
    /// (the server then fails to start, and until then nothing but the loopback names
    /// is allowed).
    public init(bound address: SocketAddress?) {
        let always: Set<HostName> = [.name("localhost"), .address([127, 0, 0, 1]), .address(Self.ipv6Loopback)]
        guard let address else {
            allowed = always
            return
        }
        guard let bytes = Self.bytes(of: address), Self.isLoopback(bytes) else {
            allowed = nil
            return
        }
        allowed = always.union([.address(bytes)])
    }

    /// `host` resolved as the server resolves it to bind.
    public init(boundHost host: String) {
        self.init(bound: Self.resolve(host))
    }

    public var isLoopback: Bool { allowed != nil }

    public func verdict(_ authority: String?) -> Verdict {
        guard let authority else {
            // No Host at all (HTTP/1.0): nothing to rebind, but nothing that names us either.
            return allowed == nil ? .allowed : .foreign
        }
        guard let host = Self.host(of: authority) else { return .malformed }
        guard let allowed else { return .allowed }
        return allowed.contains(host) ? .allowed : .foreign
    }

    public func allows(_ authority: String?) -> Bool { verdict(authority) == .allowed }

    /// Whether `host`, resolved as the server resolves it to bind, is a loopback
    /// address: 127.0.0.0/8, ::1, or 127.0.0.0/8 mapped into IPv6.
    public static func isLoopback(_ host: String) -> Bool {
        resolve(host).flatMap(bytes(of:)).map(isLoopback) ?? false
    }

    /// The address `host` binds: SwiftNIO's bind resolves it with this same call
    /// (getaddrinfo, first answer). The brackets of a URL's `[v6]` are accepted too.
    public static func resolve(_ host: String) -> SocketAddress? {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return try? SocketAddress.makeAddressResolvingHost(bare, port: 0)
    }

    // MARK: Addresses as bytes

    /// A name or an address a Host value can give. Addresses are kept as bytes so that
    /// every spelling of one IPv6 address (`[::1]`, `[0:0:0:0:0:0:0:1]`) is the same.
    enum HostName: Hashable, Sendable {
        case name(String)
        case address([UInt8])
    }

    static let ipv6Loopback: [UInt8] = Array(repeating: 0, count: 15) + [1]

    static func bytes(of address: SocketAddress) -> [UInt8]? {
        switch address {
        case .v4(let v4):
            return withUnsafeBytes(of: v4.address.sin_addr) { Array($0) }
        case .v6(let v6):
            return withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
        case .unixDomainSocket:
            return nil
        }
    }

    static func isLoopback(_ bytes: [UInt8]) -> Bool {
        switch bytes.count {
        case 4:
            return bytes[0] == 127
        case 16:
            let mappedIPv4 = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
            return bytes == ipv6Loopback || (mappedIPv4 && bytes[12] == 127)
        default:
            return false
        }
    }

    // MARK: Reading a Host value

    /// The host of a plain `host[:port]` Host value, or nil when the value is anything
    /// else. The host is a name of letters, digits, dots and hyphens, a dotted-quad
    /// IPv4 address, or an IPv6 address in brackets; the port, when there is one, is
    /// one to five digits. Anything else (`user@`, a path, a backslash, whitespace or
    /// control characters, a second colon, a percent sign) could be read differently
    /// by another parser on the way, so it is refused rather than guessed at.
    static func host(of authority: String) -> HostName? {
        let bytes = Array(authority.utf8)
        guard !bytes.isEmpty, bytes.count <= 300 else { return nil }
        let hostPart: ArraySlice<UInt8>
        let rest: ArraySlice<UInt8>
        if bytes[0] == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            hostPart = bytes[1..<close]
            rest = bytes[(close + 1)...]
        } else if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            hostPart = bytes[..<colon]
            rest = bytes[colon...]
        } else {
            hostPart = bytes[...]
            rest = []
        }
        if !rest.isEmpty {
            let port = rest.dropFirst()
            guard rest.first == UInt8(ascii: ":"), (1...5).contains(port.count),
                  port.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                  let number = Int(String(decoding: port, as: UTF8.self)), number <= 65535 else { return nil }
        }
        guard !hostPart.isEmpty else { return nil }
        let text = String(decoding: hostPart, as: UTF8.self)
        if bytes[0] == UInt8(ascii: "[") {
            let allowed = Set("0123456789abcdefABCDEF:.".utf8)
            guard hostPart.allSatisfy({ allowed.contains($0) }), let address = parse(text, family: AF_INET6, size: 16)
            else { return nil }
            return .address(address)
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-".utf8)
        guard hostPart.allSatisfy({ allowed.contains($0) }) else { return nil }
        // Only the dotted quad is an address here; `127.1` is a name, and no name of ours.
        if let address = parse(text, family: AF_INET, size: 4) { return .address(address) }
        return .name(text.lowercased())
    }

    /// inet_pton: strict, unlike getaddrinfo (no `127.1`, no hexadecimal).
    private static func parse(_ text: String, family: Int32, size: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 16)
        let result = buffer.withUnsafeMutableBytes { inet_pton(family, text, $0.baseAddress) }
        return result == 1 ? Array(buffer[..<size]) : nil
    }
}

/// The Host check a running server applies: from `--host` as resolved until the
/// server has bound its socket, then from the address the socket is bound to.
final class BoundHostCheck: @unchecked Sendable {
    private let lock = NSLock()
    private var check: HostCheck

    init(_ check: HostCheck) { self.check = check }

    var current: HostCheck { lock.withLock { check } }

    func set(_ check: HostCheck) { lock.withLock { self.check = check } }
}
