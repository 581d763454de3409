import Foundation

/// The one form in which the leak audit compares secrets and output: both sides go
/// through `normalize` before any hashing or matching, so a value pasted into a page
/// in another spelling of the same text is still the same value.
///
/// - character references are decoded (`&#32;`, `&#x20;`, `&amp;`, `&nbsp;`, the
///   Latin-1 names and the common typographic ones);
/// - every run of Unicode white space becomes one space, so a value hard-wrapped over
///   lines or indented is one line again;
/// - one space, `-`, `.` or `/` between two digits is dropped, so a number reads the
///   same however it is grouped;
/// - invisible characters (Default_Ignorable_Code_Point: soft hyphen, zero-width
///   space and joiners, word joiner, byte-order mark) are dropped;
/// - text outside ASCII is brought to NFC and lower case (ASCII case is folded by
///   `PatternMatcher` itself), so NFD and NFC, `É` and `é`, read alike.
///
/// What it does not undo is listed in the README (tags inside a value, other
/// encodings such as percent-encoding or base64, compatibility forms like full-width
/// letters, `ß` against `ss`).
enum AuditText {
    /// Whether `normalize` would return the text unchanged, answered without copying
    /// for the common case: ASCII with single spaces and no `&`.
    static func isNormal(_ text: String) -> Bool { isNormal(text.utf8) }

    static func isNormal<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        var previousWasSpace = false
        var previousWasDigit = false
        for byte in bytes {
            if byte >= 0x80 || byte == 0x26 || (0x09...0x0D).contains(byte) { return false }
            let isSpace = byte == 0x20
            if isSpace && previousWasSpace { return false }
            if previousWasDigit, isSpace || byte == 0x2D || byte == 0x2E || byte == 0x2F { return false }
            previousWasSpace = isSpace
            previousWasDigit = byte &- 0x30 < 10
        }
        return true
    }

    static func normalize(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var out: [UInt8] = []
            normalize(bytes, into: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Appends the normalized form of `bytes` to `out`. Bytes that are not valid UTF-8
    /// (a binary asset, a scalar cut by a streamed piece's edge) are copied as they are.
    /// `copyingRuns` false decides every byte on its own: the reference the test holds
    /// the faster way to.
    static func normalize(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], copyingRuns: Bool = true) {
        out.reserveCapacity(out.count + bytes.count)
        var state = State()
        var index = 0
        let count = bytes.count
        let plain = plainASCII
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == 0x26, let (scalar, width) = characterReference(bytes, at: index) {
                    state.add(scalar, to: &out)
                    index += width
                    continue
                }
                state.ascii(byte, to: &out)
                index += 1
                // A held separator waits for the next byte's decision.
                if state.pending != nil || !copyingRuns { continue }
                // What follows and needs no decision (letters, digits, most punctuation,
                // a `-`, `.` or `/` not after a digit) is copied in one piece: most of
                // a page is such runs, and byte by byte they cost a third of a build.
                let runStart = index
                var previousIsDigit = byte &- 0x30 < 10
                while index < count {
                    let next = bytes[index]
                    if next < 0x80, plain[Int(next)] {
                        previousIsDigit = next &- 0x30 < 10
                    } else if !previousIsDigit, next == 0x2D || next == 0x2E || next == 0x2F {
                        previousIsDigit = false
                    } else if next == 0x20, !previousIsDigit, index > runStart || !state.lastWasSpace, index + 1 < count,
                              bytes[index + 1] != 0x20, !(0x09...0x0D).contains(bytes[index + 1]) {
                        // One space between words stays one space.
                        previousIsDigit = false
                    } else {
                        break
                    }
                    index += 1
                }
                if index > runStart {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                    state.lastWasSpace = bytes[index - 1] == 0x20
                    state.lastWasDigit = previousIsDigit
                }
                continue
            }
            if let (scalar, width) = decode(bytes, at: index) {
                state.add(scalar, to: &out)
                index += width
            } else {
                state.raw(byte, to: &out)
                index += 1
            }
        }
        state.finish(&out)
    }

    /// ASCII bytes copied as they are whatever stands around them: not white space,
    /// not `&`, not a separator of digit groups (`-`, `.`, `/`), not a control.
    private static let plainASCII: [Bool] = (0..<128).map { byte in
        byte > 0x20 && byte < 0x7F && byte != 0x26 && byte != 0x2D && byte != 0x2E && byte != 0x2F
    }

    /// Scalars outside ASCII are gathered into a run and normalized together, since
    /// NFC composes across neighbours. One separator between two digits (a space,
    /// `-`, `.` or `/`) is dropped, so a number reads the same however it is grouped:
    /// `3171 2345 6789 0001`, `3171-2345-6789-0001` and `3171234567890001`.
    private struct State {
        var run = String.UnicodeScalarView()
        var lastWasSpace = false
        var lastWasDigit = false
        /// A separator that followed a digit, held until the next character shows
        /// whether it stood between two digits.
        var pending: UInt8?

        mutating func ascii(_ byte: UInt8, to out: inout [UInt8]) {
            flush(into: &out)
            let isSpace = byte == 0x20 || (0x09...0x0D).contains(byte)
            let isDigit = byte &- 0x30 < 10
            if let separator = pending {
                pending = nil
                if isDigit {
                    out.append(byte)
                    lastWasSpace = false
                    lastWasDigit = true
                    return
                }
                // More white space after a held space is the same one space.
                if separator == 0x20 && isSpace {
                    pending = separator
                    return
                }
                // Not between two digits: the separator stays.
                out.append(separator)
                lastWasSpace = separator == 0x20
                lastWasDigit = false
                if isSpace && lastWasSpace { return }
            }
            if isSpace {
                if lastWasDigit {
                    pending = 0x20
                } else if !lastWasSpace {
                    out.append(0x20)
                }
                lastWasSpace = true
                lastWasDigit = false
                return
            }
            if lastWasDigit, byte == 0x2D || byte == 0x2E || byte == 0x2F {
                pending = byte
                lastWasDigit = false
                lastWasSpace = false
                return
            }
            out.append(byte)
            lastWasSpace = false
            lastWasDigit = isDigit
        }

        mutating func add(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
            if scalar.isASCII { return ascii(UInt8(scalar.value), to: &out) }
            let properties = scalar.properties
            if properties.isWhitespace { return ascii(0x20, to: &out) }
            if properties.isDefaultIgnorableCodePoint { return }
            settlePending(&out)
            // A combining mark composes with the letter before it, which may be ASCII.
            if run.isEmpty, properties.canonicalCombiningClass != .notReordered,
               let last = out.last, last < 0x80, last != 0x20 {
                out.removeLast()
                run.append(Unicode.Scalar(last))
            }
            run.append(scalar)
            lastWasSpace = false
            lastWasDigit = false
        }

        mutating func raw(_ byte: UInt8, to out: inout [UInt8]) {
            flush(into: &out)
            settlePending(&out)
            out.append(byte)
            lastWasSpace = false
            lastWasDigit = false
        }

        mutating func finish(_ out: inout [UInt8]) {
            flush(into: &out)
            settlePending(&out)
        }

        private mutating func settlePending(_ out: inout [UInt8]) {
            if let separator = pending { out.append(separator) }
            pending = nil
        }

        mutating func flush(into out: inout [UInt8]) {
            guard !run.isEmpty else { return }
            if run.allSatisfy(Self.isStable) {
                for scalar in run { out.append(contentsOf: UTF8.encode(scalar)!) }
            } else {
                let folded = String(run).lowercased().precomposedStringWithCanonicalMapping
                out.append(contentsOf: folded.utf8)
            }
            run = String.UnicodeScalarView()
        }

        /// Scalars NFC and lower case leave alone, known without asking Foundation:
        /// precomposed Latin letters and signs, punctuation, arrows and symbols, none of
        /// which composes with a neighbour.
        static func isStable(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            guard (0x80...0x2FF).contains(value) || (0x2000...0x2BFF).contains(value) else { return false }
            return !scalar.properties.changesWhenLowercased
        }
    }

    /// The scalar starting at `index`, or nil where the bytes are not valid UTF-8.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[index]
        let width: Int
        switch lead {
        case 0xC2...0xDF: width = 2
        case 0xE0...0xEF: width = 3
        case 0xF0...0xF4: width = 4
        default: return nil
        }
        guard index + width <= bytes.count else { return nil }
        var value = UInt32(lead) & (0xFF >> UInt32(width + 1))
        for offset in 1..<width {
            let next = bytes[index + offset]
            guard next & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(next & 0x3F)
        }
        let minimum: UInt32 = width == 2 ? 0x80 : width == 3 ? 0x800 : 0x10000
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, width)
    }

    /// `&#NN;`, `&#xHH;` (the semicolon optional, as browsers read them; at most ten
    /// digits) and the named references in `names`.
    static func characterReference(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
        var position = index + 1
        guard position < bytes.count else { return nil }
        if bytes[position] == UInt8(ascii: "#") {
            position += 1
            var radix: UInt32 = 10
            if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "x") {
                radix = 16
                position += 1
            }
            var value: UInt32 = 0
            var digits = 0
            while position < bytes.count, digits < 10, let digit = digitValue(bytes[position], radix: radix) {
                value = min(value &* radix &+ digit, 0x110000)
                digits += 1
                position += 1
            }
            guard digits > 0 else { return nil }
            if position < bytes.count, bytes[position] == UInt8(ascii: ";") { position += 1 }
            let scalar = Unicode.Scalar(value == 0 ? 0xFFFD : value) ?? "\u{FFFD}"
            return (scalar, position - index)
        }
        var name: [UInt8] = []
        while position < bytes.count, name.count < 8, isAlphanumeric(bytes[position]) {
            name.append(bytes[position])
            position += 1
        }
        guard position < bytes.count, bytes[position] == UInt8(ascii: ";"),
              let scalar = names[String(decoding: name, as: UTF8.self)] else { return nil }
        return (scalar, position + 1 - index)
    }

    private static func digitValue(_ byte: UInt8, radix: UInt32) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x61...0x66 where radix == 16: UInt32(byte - 0x61 + 10)
        case 0x41...0x46 where radix == 16: UInt32(byte - 0x41 + 10)
        default: nil
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// HTML's Latin-1 names (U+00A0 to U+00FF, in order) and the common others.
    static let names: [String: Unicode.Scalar] = {
        let latin1 = """
            nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 \
            sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc \
            Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve \
            Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute \
            acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde \
            ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml
            """.split(separator: " ")
        var table: [String: Unicode.Scalar] = [:]
        for (offset, name) in latin1.enumerated() { table[String(name)] = Unicode.Scalar(UInt8(0xA0 + offset)) }
        let others: [(String, UInt32)] = [
            ("amp", 0x26), ("lt", 0x3C), ("gt", 0x3E), ("quot", 0x22), ("apos", 0x27), ("Tab", 0x09),
            ("NewLine", 0x0A), ("ensp", 0x2002), ("emsp", 0x2003), ("thinsp", 0x2009), ("zwnj", 0x200C),
            ("zwj", 0x200D), ("lrm", 0x200E), ("rlm", 0x200F), ("ndash", 0x2013), ("mdash", 0x2014),
            ("lsquo", 0x2018), ("rsquo", 0x2019), ("sbquo", 0x201A), ("ldquo", 0x201C), ("rdquo", 0x201D),
            ("bdquo", 0x201E), ("bull", 0x2022), ("hellip", 0x2026), ("prime", 0x2032), ("euro", 0x20AC),
            ("trade", 0x2122), ("minus", 0x2212), ("period", 0x2E), ("comma", 0x2C), ("colon", 0x3A),
            ("sol", 0x2F), ("hyphen", 0x2010), ("dash", 0x2010), ("lowbar", 0x5F), ("num", 0x23),
        ]
        for (name, value) in others { table[name] = Unicode.Scalar(value) }
        return table
    }()
}
