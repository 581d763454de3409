import Foundation

/// `dik init DIR`: a new, working site with every setting explained.
public enum SiteInit {
    public enum Failure: Error, Sendable, Equatable {
        case notEmpty(String)
        case notAFolder(String)
        case cannotWrite(path: String, reason: String)
    }

    public static func create(at folder: URL, date: LocalDate) -> Result<[String], Failure> {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            let contents = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? ["?"]
            if !isDirectory.boolValue { return .failure(.notAFolder(folder.path)) }
            if !contents.isEmpty { return .failure(.notEmpty(folder.path)) }
        }
        let id = NewEntry.format("DIK-{tahun}-{nnn}", year: date.year, number: 1) ?? "DIK-0000-001"
        let files: [(String, String)] = [
            ("site.yml", siteSettings),
            ("register/\(date.year)/\(id).md", exampleEntry(id: id, date: date)),
            ("templates/BACA-SAYA.md", templatesNote),
        ]
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            do {
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .withoutOverwriting)
            } catch {
                return .failure(.cannotWrite(path: path, reason: Publisher.reason(error)))
            }
        }
        return .success(files.map(\.0))
    }

    static let siteSettings = """
    # Pengaturan situs DIK. Semua nilai di sini tampil di situs publik, kecuali url_internal.
    # Petunjuk lengkap: docs/format.md bagian 4.

    # Judul situs.
    nama_situs: Daftar Informasi yang Dikecualikan
    # Nama badan publik yang menerbitkan daftar.
    badan_publik: Nama Badan Publik
    # PPID dan kontaknya (tampil di kaki setiap halaman).
    ppid:
      nama: PPID Utama Nama Badan Publik
      alamat: Jalan ... No. ..., Kota
      email: ppid@contoh.go.id
      telepon: (000) 000000
    # Alamat situs publik (untuk tautan mutlak, peta situs dan feed).
    url_publik: https://ppid.contoh.go.id/dik/
    # Alamat intranet; TIDAK diterbitkan dan diperiksa oleh audit kebocoran.
    url_internal: https://intranet.contoh.go.id/dik/
    # Bahasa antarmuka bawaan: id.
    bahasa: id
    # Pola nomor register untuk 'dik new': {tahun} = tahun, {nnn} = nomor urut 3 angka.
    penomoran: DIK-{tahun}-{nnn}
    # Kop surat untuk versi cetak.
    kop:
      baris:
        - NAMA BADAN PUBLIK
        - PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI
        - Jalan ... No. ..., Kota
      # logo: assets/logo.png
    # Pejabat yang menandatangani daftar (Atasan PPID).
    penandatangan:
      tempat: Kota
      jabatan: Sekretaris selaku Atasan PPID
      nama: Nama Pejabat
      nip: "000000000000000000"

    """

    static func exampleEntry(id: String, date: LocalDate) -> String {
        """
        ---
        id: \(id)
        status: ditetapkan
        informasi: Data pribadi pemohon layanan
        pasal17: [h.1]
        dasar_hukum:
          - UU 27/2022 tentang Pelindungan Data Pribadi
        unit: Sekretariat
        jangka_waktu:
          persetujuan: true
        konsekuensi_dibuka: Mengungkap rahasia pribadi pemohon tanpa persetujuannya.
        pertimbangan_ditutup: Perlindungan data pribadi lebih besar manfaatnya daripada membukanya.
        penetapan:
          nomor: 000/1/PPID/\(date.year)
          tanggal: \(date.iso)
          tempat: Kota
          pejabat: PPID Utama
          disetujui_oleh: Atasan PPID
        uji_konsekuensi:
          nomor: 000/1/UK/\(date.year)
          tanggal: \(date.iso)
          peserta: [PPID Utama, PPID Pelaksana]
          analisis: Contoh analisis uji konsekuensi.
        internal:
          lokasi_arsip: Contoh lokasi arsip
        ---

        Contoh uraian internal. Bagian ini hanya tampil di situs internal.

        """
    }

    static let templatesNote = """
    # Templat situs ini

    Folder ini kosong dengan sengaja. Tema bawaan `dik` ada di `site-templates/`.
    Untuk mengubah satu halaman, salin berkas `.mustache` dari sana ke folder ini dengan
    nama yang sama, lalu ubah salinannya. Teks antarmuka bisa diubah dengan menyalin
    `strings.id.yml` ke sini dan mengubah kunci yang perlu saja.

    This folder is empty on purpose. To override a page of the default theme
    (`site-templates/`), copy its `.mustache` file here under the same name and edit it.

    """
}
