/// The interface text of the commands and the preview, as data: one case per thing
/// said, its words in each language below. Diagnostics have their own catalogue
/// (`DiagnosticMessages`); pages take theirs from the theme's string tables. No
/// command chooses words inline.
public enum Words: Sendable {
    // dik build
    case filesWritten(folder: String, count: Int)
    case built(counts: String, warnings: Int)
    case buildFailed(errors: Int, warnings: Int)
    // dik new
    case numberingPatternInvalid(pattern: String)
    case unitNotOneLine
    case entryExists(path: String)
    // dik init
    case initNext(folder: String)
    case initNotEmpty(path: String)
    case initNotAFolder(path: String)
    // dik serve
    case previewAt(address: String)
    case previewStopped
    case renderedAll(took: String)
    case updatedPages(count: Int, took: String)
    case publishedChanged(took: String)
    case previewHasErrors
    case previewBusy
    case hostMalformed
    case hostForeign
    case hostNotLoopback(host: String)
    case onlyGetAndHead
    case errorPageTitle
    case errorPageIntro
    case errorPageWarnings(count: Int)

    public func text(_ language: MessageLanguage) -> String {
        let (id, en) = pair
        return language == .en ? en : id
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private var pair: (String, String) {
        switch self {
        case .filesWritten(let folder, let count):
            ("\(folder): \(count) berkas", "\(folder): \(count) files")
        case .built(let counts, let warnings):
            ("Selesai: \(counts); \(warnings) peringatan.", "Built \(counts); \(warnings) warning(s).")
        case .buildFailed(let errors, let warnings):
            ("Gagal: \(errors) galat, \(warnings) peringatan. Tidak ada yang diterbitkan.",
             "Build failed: \(errors) error(s), \(warnings) warning(s). Nothing was published.")
        case .numberingPatternInvalid(let pattern):
            ("pola penomoran '\(pattern)' di site.yml harus memuat {nnn} dan menghasilkan id yang sah",
             "the numbering pattern '\(pattern)' in site.yml needs {nnn} and must give a valid id")
        case .unitNotOneLine:
            ("--unit harus berupa satu baris teks, tanpa baris baru atau karakter kendali",
             "--unit must be one line of text, without line breaks or control characters")
        case .entryExists(let path):
            ("\(path) sudah ada; tidak ada yang ditimpa", "\(path) already exists; nothing was overwritten")
        case .initNext(let folder):
            ("Selanjutnya: dik check --site \(folder) && dik build --site \(folder)",
             "Next: dik check --site \(folder) && dik build --site \(folder)")
        case .initNotEmpty(let path):
            ("dik init: \(path) tidak kosong; pilih folder baru atau kosong",
             "dik init: \(path) is not empty; choose a new or empty folder")
        case .initNotAFolder(let path):
            ("dik init: \(path) adalah berkas, bukan folder; sebutkan folder baru atau kosong",
             "dik init: \(path) is a file, not a folder; name a new or empty folder")
        case .previewAt(let address):
            ("Pratinjau: \(address)  (internal: /internal/, perubahan: /_dik/perubahan/). Ctrl-C untuk berhenti.",
             "Preview: \(address)  (internal: /internal/, changes: /_dik/perubahan/). Ctrl-C stops.")
        case .previewStopped:
            ("Berhenti.", "Stopped.")
        case .renderedAll(let took):
            ("Semua halaman dibuat dalam \(took).", "Rendered everything in \(took).")
        case .updatedPages(let count, let took):
            ("\(count) halaman diperbarui dalam \(took).", "Updated \(count) page(s) in \(took).")
        case .publishedChanged(let took):
            ("Situs terbitan berubah; halaman perubahan diperbarui dalam \(took).",
             "Published site changed; changes page updated in \(took).")
        case .previewHasErrors:
            ("Situs memiliki galat; peramban menampilkannya sampai diperbaiki.",
             "The site has errors; the browser shows them until they are fixed.")
        case .previewBusy:
            ("Pratinjau sedang melayani terlalu banyak sambungan; coba lagi sebentar lagi.\n",
             "The preview has too many connections open; try again in a moment.\n")
        case .hostMalformed:
            ("Header Host tidak sah: hanya host[:port] biasa yang diterima.\n",
             "Malformed Host header: only a plain host[:port] is accepted.\n")
        case .hostForeign:
            ("Pratinjau ini hanya melayani alamatnya sendiri (loopback).\n",
             "This preview answers only to its own address (loopback).\n")
        case .hostNotLoopback(let host):
            ("peringatan: --host \(host) bukan alamat loopback: halaman internal, berisi informasi yang dikecualikan dan draf, dapat dibuka siapa saja di jaringan yang menjangkau komputer ini.",
             "warning: --host \(host) is not a loopback address: the internal pages, with exempted information and drafts, are reachable by anyone on the network who can reach this machine.")
        case .onlyGetAndHead:
            ("Pratinjau hanya menjawab GET dan HEAD.\n", "Only GET and HEAD.\n")
        case .errorPageTitle:
            ("Situs memiliki galat", "The site has errors")
        case .errorPageIntro:
            ("Pratinjau tidak ditampilkan sampai galat ini diperbaiki, karena halamannya tidak lagi sesuai dengan berkas. Halaman ini memuat ulang sendiri begitu perbaikan disimpan.",
             "Nothing is shown until these are fixed: the pages would not match the files. This page reloads by itself as soon as you save a fix.")
        case .errorPageWarnings(let count):
            ("Ada juga \(count) peringatan; `dik build` mencetaknya.", "\(count) warning(s) as well; `dik build` prints them.")
        }
    }
}
