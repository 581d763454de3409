/// The language of messages shown to people.
public enum MessageLanguage: String, Sendable, CaseIterable {
    case id, en
}

/// Words for people, kept apart from the diagnostic data so tools can match on codes.
public enum DiagnosticMessages {
    public static func text(_ diagnostic: Diagnostic, language: MessageLanguage = .id) -> String {
        let location = diagnostic.location
        var prefix = visible(location.path)
        if location.line > 0 { prefix += ":\(location.line):\(max(location.column, 1))" }
        return "\(prefix): \(diagnostic.severity.rawValue): \(visible(message(diagnostic.problem, language: language)))"
    }

    /// One finding is one line: a line break or other control character in a file name
    /// or a value is shown escaped (`\n`, `\u{1B}`), so a name cannot forge lines of
    /// output or move the terminal's cursor.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where isControl(scalar): result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        case .format: scalar.value == 0x202E || scalar.value == 0x202D || (0x2066...0x2069).contains(scalar.value)
        default: false
        }
    }

    public static func message(_ problem: Problem, language: MessageLanguage = .id) -> String {
        let (id, en) = pair(problem)
        return language == .id ? id : en
    }

    private static func typeName(_ type: ExpectedType) -> (String, String) {
        switch type {
        case .text: ("teks", "text")
        case .list: ("daftar (list)", "a list")
        case .listOfText: ("daftar teks, misalnya [a, b]", "a list of text, e.g. [a, b]")
        case .mapping: ("peta kunci: nilai", "a map of key: value")
        case .boolean: ("true atau false", "true or false")
        case .integer: ("bilangan bulat", "a whole number")
        case .date: ("tanggal TTTT-BB-HH", "a date YYYY-MM-DD")
        case .trueFlag: ("true", "true")
        case .webAddress: ("alamat web yang diawali https:// atau http://, atau jalur yang diawali /",
                           "a web address starting with https:// or http://, or a path starting with /")
        }
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private static func pair(_ problem: Problem) -> (String, String) {
        switch problem {
        case .unreadableFile(let reason):
            return ("berkas tidak dapat dibaca (\(reason))", "the file cannot be read (\(reason))")
        case .notAFile:
            return ("ini folder, bukan berkas entri; ganti nama folder agar tidak berakhiran .md",
                    "this is a folder, not an entry file; rename it so it does not end in .md")
        case .notRegularFile:
            return ("ini bukan berkas biasa (pipa, soket atau perangkat); dik hanya membaca berkas teks biasa",
                    "this is not an ordinary file (a pipe, socket or device); dik only reads ordinary text files")
        case .invalidFileName:
            return ("nama berkas atau folder ini bukan teks UTF-8; ganti namanya dengan huruf biasa",
                    "this file or folder name is not UTF-8 text; rename it using ordinary letters")
        case .linkLeavesSite(let target):
            return ("tautan simbolik menunjuk ke luar folder situs (\(target)); salin berkasnya ke register/",
                    "symbolic link points outside the site folder (\(target)); copy the file into register/")
        case .invalidUTF8(let offset):
            return ("berkas bukan teks UTF-8 yang sah (bita ke-\(offset)); simpan ulang sebagai UTF-8",
                    "the file is not valid UTF-8 text (byte \(offset)); save it again as UTF-8")
        case .nulByte:
            return ("berkas berisi karakter NUL; berkas ini bukan teks biasa",
                    "the file contains a NUL character; it is not plain text")
        case .emptyFile:
            return ("berkas kosong; entri dimulai dengan baris --- dan kunci id, status, pasal17, unit",
                    "the file is empty; an entry starts with a --- line and the keys id, status, pasal17, unit")
        case .fileTooLarge(let bytes, let limit):
            return ("berkas terlalu besar (\(bytes) bita, batas \(limit))",
                    "the file is too large (\(bytes) bytes, limit \(limit))")
        case .noFrontMatter:
            return ("baris pertama harus --- untuk membuka data entri (front matter)",
                    "the first line must be --- to open the entry's data (front matter)")
        case .unclosedFrontMatter:
            return ("data entri dibuka dengan --- tetapi tidak ditutup; tambahkan baris --- setelah kunci terakhir",
                    "the entry's data opens with --- but is never closed; add a --- line after the last key")
        case .yamlSyntax(let problem):
            return ("penulisan YAML salah: \(problem)", "YAML syntax error: \(problem)")
        case .tabIndentation:
            return ("YAML tidak boleh memakai tab untuk indentasi; ganti dengan spasi",
                    "YAML must not use tabs for indentation; use spaces")
        case .duplicateKey(let key):
            return ("kunci '\(key)' ditulis dua kali; hapus salah satunya",
                    "the key '\(key)' appears twice; remove one of them")
        case .yamlAliasNotAllowed:
            return ("anchor dan alias YAML (& dan *) tidak dipakai dalam register; tulis nilainya langsung",
                    "YAML anchors and aliases (& and *) are not used in the register; write the value out")
        case .yamlTagNotAllowed:
            return ("tag YAML (tanda ! di awal kunci atau nilai) tidak dipakai dalam register; hapus tanda itu dan tulis nilainya saja",
                    "YAML tags (a ! before a key or value) are not used in the register; remove the tag and write the value alone")
        case .nestingTooDeep(let limit):
            return ("data bersarang terlalu dalam (lebih dari \(limit) tingkat)",
                    "data nested too deeply (more than \(limit) levels)")
        case .frontMatterNotMapping(let found):
            let (idKind, enKind) = switch found {
            case .scalar: ("satu nilai", "a single value")
            case .list: ("daftar (list)", "a list")
            case .empty: ("kosong", "empty")
            }
            return ("data entri harus berupa pasangan kunci: nilai, bukan \(idKind)",
                    "the entry's data must be key: value pairs, not \(enKind)")
        case .wrongType(let key, let expected):
            let (idType, enType) = typeName(expected)
            return ("'\(key)' harus berupa \(idType)", "'\(key)' must be \(enType)")
        case .missingField(let key, let status):
            if let status {
                return ("'\(key)' wajib diisi untuk entri berstatus \(status.rawValue)",
                        "'\(key)' is required for an entry with status \(status.rawValue)")
            }
            return ("'\(key)' wajib diisi", "'\(key)' is required")
        case .unknownStatus(let value):
            return ("status '\(value)' tidak dikenal; pilih usulan, diuji, ditetapkan, dibuka atau dicabut",
                    "unknown status '\(value)'; use usulan, diuji, ditetapkan, dibuka or dicabut")
        case .invalidPasal17(let value):
            return ("'\(value)' bukan huruf Pasal 17 yang sah; tulis huruf a sampai j, misalnya h atau h.3",
                    "'\(value)' is not a valid Pasal 17 letter; write a letter a to j, e.g. h or h.3")
        case .pasal17AngkaOutOfRange(let value, let letter, let maximum):
            return ("'\(value)': Pasal 17 huruf \(letter) hanya punya angka 1 sampai \(maximum)",
                    "'\(value)': Pasal 17 letter \(letter) only has angka 1 to \(maximum)")
        case .pasal17AngkaNotAllowed(let value, let letter):
            return ("'\(value)': Pasal 17 huruf \(letter) tidak mempunyai angka; tulis \(letter) saja",
                    "'\(value)': Pasal 17 letter \(letter) has no angka; write \(letter) alone")
        case .emptyList(let key):
            return ("'\(key)' harus berisi paling sedikit satu nilai", "'\(key)' needs at least one value")
        case .invalidId(let value):
            return ("id '\(value)' tidak sah: pakai 3 sampai 64 huruf A-Z, angka atau tanda -, misalnya DIK-2025-014",
                    "id '\(value)' is invalid: use 3 to 64 letters A-Z, digits or -, e.g. DIK-2025-014")
        case .duplicateId(let id, let otherPath):
            return ("id '\(id)' sudah dipakai di \(otherPath) (huruf besar dan kecil dianggap sama); beri nomor lain",
                    "id '\(id)' is already used in \(otherPath) (case does not count); choose another number")
        case .invalidDate(let key, let value):
            return ("'\(key)': '\(value)' bukan tanggal yang sah; tulis TTTT-BB-HH, misalnya 2025-04-30",
                    "'\(key)': '\(value)' is not a valid date; write YYYY-MM-DD, e.g. 2025-04-30")
        case .periodKindCount(let found):
            if found.isEmpty {
                return ("jangka_waktu harus berisi tepat satu dari: tahun, sampai, peristiwa, persetujuan, tidak_terbatas",
                        "jangka_waktu must hold exactly one of: tahun, sampai, peristiwa, persetujuan, tidak_terbatas")
            }
            let list = found.joined(separator: ", ")
            return ("jangka_waktu berisi lebih dari satu jenis (\(list)); pilih satu",
                    "jangka_waktu holds more than one kind (\(list)); keep one")
        case .periodYearsOutOfRange(let value):
            return ("jangka_waktu.tahun \(value) di luar batas 1 sampai 100",
                    "jangka_waktu.tahun \(value) is outside 1 to 100")
        case .periodStartWithoutYears:
            return ("jangka_waktu.mulai hanya dipakai bersama jangka_waktu.tahun",
                    "jangka_waktu.mulai is only used together with jangka_waktu.tahun")
        case .periodFlagNotTrue(let key):
            return ("jangka_waktu.\(key) hanya boleh bernilai true", "jangka_waktu.\(key) may only be true")
        case .riwayatOutOfOrder(let date, let previous):
            return ("riwayat harus urut menurut tanggal: \(date) tertulis setelah \(previous)",
                    "riwayat must be in date order: \(date) comes after \(previous)")
        case .valueTooLong(let key, let length, let limit):
            return ("'\(key)' terlalu panjang (\(length) karakter, batas \(limit))",
                    "'\(key)' is too long (\(length) characters, limit \(limit))")
        case .emptyValue(let key):
            return ("'\(key)' tidak boleh kosong", "'\(key)' must not be empty")
        case .unlimitedPeriodForTemporaryCategory(let letter):
            return ("Pasal 20(1): pengecualian huruf \(letter) tidak bersifat permanen; tetapkan jangka waktu yang terbatas",
                    "Pasal 20(1): exemptions under letter \(letter) are not permanent; set a limited period")
        case .periodOverCap(let letter, let years, let cap):
            return ("jangka waktu \(years) tahun melebihi batas \(cap) tahun untuk huruf \(letter) (PP 61/2010)",
                    "a period of \(years) years exceeds the \(cap)-year cap for letter \(letter) (PP 61/2010)")
        case .categoryJWithoutStatute:
            return ("huruf j memerlukan Undang-Undang di dasar_hukum; Perpres, PP atau Permen saja tidak cukup",
                    "letter j needs an Undang-Undang in dasar_hukum; a Perpres, PP or Permen alone is not enough")
        case .pasal18Forbidden(let matched):
            return ("Pasal 18(1): '\(matched)' termasuk informasi yang tidak dapat dikecualikan; periksa kembali",
                    "Pasal 18(1): '\(matched)' is information that may not be exempted; check again")
        case .periodEndingSoon(let end, let days):
            return ("jangka waktu berakhir \(end) (\(days) hari lagi); siapkan pembukaan atau uji ulang",
                    "the period ends \(end) (in \(days) days); prepare its opening or a new test")
        case .periodEndedStillInForce(let end):
            return ("jangka waktu sudah berakhir \(end) tetapi status masih ditetapkan; situs publik menampilkannya sebagai tidak dikecualikan lagi",
                    "the period ended \(end) but the status is still ditetapkan; the public site shows it as no longer exempt")
        case .unknownKey(let key, let suggestion):
            let hint = suggestion.map { (" Maksudnya '\($0)'?", " Did you mean '\($0)'?") } ?? ("", "")
            return ("kunci '\(key)' tidak dikenal dan diperlakukan sebagai data internal (tidak pernah diterbitkan).\(hint.0)",
                    "unknown key '\(key)' is treated as internal data (never published).\(hint.1)")
        case .idDiffersFromFileName(let id, let fileName):
            return ("id '\(id)' berbeda dengan nama berkas '\(fileName)'; samakan agar mudah dicari",
                    "id '\(id)' differs from the file name '\(fileName)'; make them match so it is easy to find")
        case .fileOutsideRegisterConventions(let reason):
            return ("berkas tidak mengikuti kebiasaan folder register/: \(reason)",
                    "the file does not follow register/ conventions: \(reason)")
        case .openedWithoutHistory(let status):
            return ("entri berstatus \(status.rawValue) sebaiknya punya riwayat yang menyebut kapan dan atas dasar apa dibuka",
                    "an entry with status \(status.rawValue) should have a riwayat saying when and why it was opened")
        case .placeholderValue(let key):
            return ("'\(key)' masih berisi contoh dari 'dik new' (# GANTI); isi nilai yang benar lalu hapus komentar itu",
                    "'\(key)' still holds the example from 'dik new' (# GANTI); fill in the real value and remove that comment")
        case .ignoredFile(let name):
            return ("'\(name)' tidak dibaca: hanya berkas berakhiran .md di register/ yang menjadi entri",
                    "'\(name)' is not read: only files ending in .md under register/ are entries")
        case .siteSettingsMissing:
            return ("site.yml tidak ditemukan; jalankan 'dik init' atau salin dari contoh",
                    "site.yml not found; run 'dik init' or copy it from the example")
        case .siteSettingInvalid(let key, let expected):
            let (idType, enType) = typeName(expected)
            return ("pengaturan '\(key)' harus berupa \(idType)", "setting '\(key)' must be \(enType)")
        case .templateMissing(let name):
            return ("templat '\(name).mustache' tidak ditemukan", "template '\(name).mustache' not found")
        case .templateSyntax(let name, let problem):
            return ("templat '\(name)' salah tulis: \(problem)", "template '\(name)' has a syntax error: \(problem)")
        case .templateRawValue(let name, let variable):
            return ("templat '\(name)' mencetak '\(variable)' tanpa escape; hanya nama berakhiran _html yang boleh memakai {{{ }}}",
                    "template '\(name)' prints '\(variable)' unescaped; only names ending in _html may use {{{ }}}")
        case .templatePragmaNotAllowed(let name):
            return ("templat '\(name)' tidak boleh mengganti CONTENT_TYPE; escape HTML selalu berlaku",
                    "template '\(name)' may not change CONTENT_TYPE; HTML escaping always applies")
        case .templateDelimiterChange(let name):
            return ("templat '\(name)' mengganti pembatas {{ }} dengan {{= =}}; hal itu tidak diizinkan karena melewati pemeriksaan escape",
                    "template '\(name)' changes the {{ }} delimiters with {{= =}}; that is not allowed, as it gets around the escaping checks")
        case .templatePartialCycle(let name, let chain):
            let path = chain.joined(separator: " → ")
            return ("templat '\(name)' memanggil dirinya sendiri lewat partial (\(path)); putuskan lingkaran itu",
                    "template '\(name)' includes itself through partials (\(path)); break the cycle")
        case .templateNotCheckable(let name):
            return ("templat '\(name)' tidak dapat diperiksa oleh versi swift-mustache ini; laporkan ke pengembang dik",
                    "template '\(name)' cannot be checked with this version of swift-mustache; report it to dik's developers")
        case .invalidLanguageCode(let code):
            return ("'\(code)' bukan kode bahasa yang sah (misalnya en, jv, su) atau bertabrakan dengan folder situs; ganti nama berkas strings.<kode>.yml",
                    "'\(code)' is not a valid language code (e.g. en, jv, su) or clashes with a folder of the site; rename the strings.<code>.yml file")
        case .controlCharacterInName:
            return ("nama berkas atau folder ini berisi baris baru atau karakter kendali; ganti namanya dengan huruf, angka dan tanda -",
                    "this file or folder name holds a line break or a control character; rename it using letters, digits and -")
        case .invalidSourceDateEpoch(let value, let reason):
            return ("variabel lingkungan SOURCE_DATE_EPOCH='\(value)' tidak dapat dipakai: \(reason); isi dengan detik sejak 1970-01-01 (misalnya 1767225600) atau hapus, atau pakai --date",
                    "the environment variable SOURCE_DATE_EPOCH='\(value)' cannot be used: \(reason); set it to seconds since 1970-01-01 (e.g. 1767225600) or unset it, or use --date")
        case .bodyTooLarge(let bytes, let limit):
            return ("isi entri (di bawah front matter) terlalu panjang: \(bytes) bita, batas \(limit); pindahkan lampiran panjang ke arsip dan tulis ringkasannya",
                    "the entry's body (below the front matter) is too long: \(bytes) bytes, limit \(limit); move long attachments to the archive and write a summary")
        case .pathWrittenTwice(let path):
            return ("berkas keluaran \(path) akan ditulis dua kali dalam satu build (misalnya folder bahasa yang sama dengan folder situs); tidak ada yang diterbitkan",
                    "the output file \(path) would be written twice in one build (e.g. a language folder named like a folder of the site); nothing was published")
        case .outputIsLink(let path):
            return ("\(path) adalah tautan simbolik; dik menerbitkan dengan menukar folder, yang akan memutus tautan itu. Arahkan --out ke folder biasa dan salin hasilnya ke web root (lihat docs/deploy.md)",
                    "\(path) is a symbolic link; dik publishes by exchanging folders, which would break that link. Point --out at an ordinary folder and copy the result to the web root (see docs/deploy.md)")
        case .leak(let outputFile, let field):
            return ("KEBOCORAN: data internal (\(field)) ditemukan di berkas publik \(outputFile); tidak ada yang diterbitkan",
                    "LEAK: internal data (\(field)) found in public file \(outputFile); nothing was published")
        case .writeFailed(let path, let reason):
            return ("gagal menulis \(path): \(reason); hasil sebelumnya tetap utuh",
                    "could not write \(path): \(reason); the previous output is intact")
        case .publishFailed(let reason):
            return ("gagal menerbitkan: \(reason); hasil sebelumnya tetap utuh",
                    "publishing failed: \(reason); the previous output is intact")
        case .registerFolderMissing:
            return ("folder register/ tidak ditemukan di situs ini", "no register/ folder in this site")
        }
    }
}
