"""Write ontology/sectors.ttl, roles.ttl and statuses.ttl from the compact tables below.

Run by hand when a sector or role is added; the Turtle files are what the project reads.
"""
from __future__ import annotations

from pathlib import Path

HEADER = """@prefix jj:   <https://w3id.org/jejaring/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix {p}: <https://w3id.org/jejaring/id/{p}/> .

"""

# id | broader | label id | label en | alt labels (; separated, Indonesian and English)
# Top level: the government affairs of UU 23/2014 (urusan wajib pelayanan dasar, wajib
# non-pelayanan dasar, pilihan) plus cross-cutting themes; finer topics below them.
SECTORS = """
pendidikan||Pendidikan|Education|education;dikbud;pendidikan dan kebudayaan
beasiswa|pendidikan|Beasiswa|Scholarships|scholarship;bantuan pendidikan
pelatihan|pendidikan|Pelatihan dan peningkatan kapasitas|Training and capacity building|training;capacity building;peningkatan kapasitas;bimtek;diklat
sumber-daya-manusia|pendidikan|Sumber daya manusia|Human resources|SDM;human resources;kepegawaian;ASN;aparatur
kesehatan||Kesehatan|Health|health;layanan kesehatan;puskesmas;rumah sakit
pekerjaan-umum||Pekerjaan umum dan penataan ruang|Public works and spatial planning|PUPR;PU;public works
infrastruktur|pekerjaan-umum|Infrastruktur|Infrastructure|infrastructure;pembangunan infrastruktur
jalan|infrastruktur|Jalan dan jembatan|Roads and bridges|roads;jalan lingkar;jembatan
air-minum|pekerjaan-umum|Air minum dan air bersih|Drinking water|air bersih;clean water;sumber mata air;SPAM;PDAM
sanitasi|pekerjaan-umum|Sanitasi dan air limbah|Sanitation and wastewater|air limbah;wastewater;sanitation
tata-ruang|pekerjaan-umum|Penataan ruang|Spatial planning|RTRW;spatial planning
perumahan||Perumahan dan kawasan permukiman|Housing and settlements|housing;perkim;permukiman;kawasan permukiman
trantibum||Ketenteraman, ketertiban umum dan pelindungan masyarakat|Public order and community protection|trantibum;linmas;satpol pp;ketertiban umum;public order
kebencanaan|trantibum|Penanggulangan bencana|Disaster management|bencana;disaster;BPBD;penanganan bencana;mitigasi bencana
pemadam-kebakaran|trantibum|Pemadam kebakaran|Firefighting|damkar;kebakaran;firefighting
sosial||Sosial|Social affairs|social;perlindungan sosial;urusan sosial
kesejahteraan-sosial|sosial|Kesejahteraan sosial|Social welfare|lansia;kelompok rentan;bantuan sosial;bansos
penanggulangan-kemiskinan|sosial|Penanggulangan kemiskinan|Poverty reduction|kemiskinan;poverty;pengentasan kemiskinan
ketenagakerjaan||Tenaga kerja|Labour and employment|tenaga kerja;lapangan kerja;labour;employment;naker
pekerja-migran|ketenagakerjaan|Pekerja migran|Migrant workers|PMI;pelindungan pekerja migran;migrant workers
pemberdayaan-perempuan||Pemberdayaan perempuan dan pelindungan anak|Women's empowerment and child protection|PPPA;perempuan;anak;gender;women;child protection
pangan||Pangan|Food|food;ketahanan pangan;food security;cadangan pangan
pertanahan||Pertanahan|Land affairs|tanah;lahan;land;HPL;hak pengelolaan
lingkungan||Lingkungan hidup|Environment|lingkungan hidup;environment;LH
sampah|lingkungan|Pengelolaan sampah|Waste management|sampah;persampahan;TPA;TPST;waste;limbah padat
kualitas-udara|lingkungan|Kualitas udara|Air quality|udara bersih;polusi udara;air pollution
ruang-terbuka-hijau|lingkungan|Ruang terbuka hijau|Green open space|RTH;green open space;taman kota
kependudukan||Administrasi kependudukan dan pencatatan sipil|Population administration and civil registration|adminduk;dukcapil;capil;pencatatan sipil;civil registration;KTP
pemberdayaan-masyarakat||Pemberdayaan masyarakat dan desa|Community and village empowerment|PMD;pemberdayaan;desa;village;pemberdayaan masyarakat desa;community empowerment
pengendalian-penduduk||Pengendalian penduduk dan keluarga berencana|Population control and family planning|KB;keluarga berencana;family planning;PPKB;stunting
perhubungan||Perhubungan|Transport|transportasi;transport;dishub;angkutan
uji-kendaraan|perhubungan|Pengujian kendaraan bermotor|Motor-vehicle testing|KIR;uji KIR;pengujian kendaraan
pelabuhan|perhubungan|Pelabuhan dan pelayaran|Ports and shipping|pelabuhan;port;tambat labuh;pelayaran
kominfo||Komunikasi dan informatika|Communication and informatics|kominfo;diskominfo;informatika;ICT;TIK
spbe|kominfo|Pemerintahan digital (SPBE)|Digital government|SPBE;e-government;digital government;smart city;kota cerdas;digitalisasi pelayanan;aplikasi layanan publik
sistem-informasi|kominfo|Sistem informasi|Information systems|information system;data;aplikasi
koperasi||Koperasi|Cooperatives|cooperatives;koperasi dan UKM
umkm|koperasi|UMKM|Micro, small and medium enterprises|usaha mikro kecil dan menengah;IKM;usaha kecil;UKM;SME;MSME
kewirausahaan|umkm|Kewirausahaan|Entrepreneurship|wirausaha;entrepreneurship
investasi||Penanaman modal|Investment|penanaman modal;investment;PMA;PMDN
perizinan|investasi|Perizinan|Licensing|izin;perizinan berusaha;OSS;licensing;permits;DPMPTSP;pengawasan perizinan
kepemudaan-olahraga||Kepemudaan dan olahraga|Youth and sports|pemuda;olahraga;sports;youth;dispora
statistik||Statistik|Statistics|statistics;data statistik
persandian||Persandian|Cryptography and information security|sandi;keamanan informasi;cryptography
kebudayaan||Kebudayaan|Culture|budaya;culture;seni budaya;cagar budaya;adat
sejarah|kebudayaan|Sejarah dan warisan|History and heritage|heritage;sejarah;warisan budaya;history
perpustakaan||Perpustakaan|Libraries|library;libraries;literasi
kearsipan||Kearsipan|Archives|arsip;archives
perikanan||Kelautan dan perikanan|Marine affairs and fisheries|kelautan dan perikanan;kelautan;fisheries;marine;KKP
perikanan-budidaya|perikanan|Perikanan budidaya|Aquaculture|tambak;budidaya ikan;aquaculture
hasil-laut|perikanan|Hasil laut|Seafood|seafood;perikanan tangkap
pariwisata||Pariwisata|Tourism|wisata;tourism;destinasi wisata;parekraf
wisata-event|pariwisata|Wisata event|Event tourism|event tourism;sport tourism;festival
pertanian||Pertanian|Agriculture|agrikultur;agro;agriculture;pertanian dan perkebunan
hortikultura|pertanian|Hortikultura|Horticulture|buah;sayur;horticulture
lidah-buaya|hortikultura|Lidah buaya|Aloe vera|aloe vera
peternakan|pertanian|Peternakan|Livestock|ternak;livestock;sapi;kesehatan hewan
perkebunan|pertanian|Perkebunan|Plantations|plantations;estate crops;sawit;kopi
kehutanan||Kehutanan|Forestry|hutan;forestry;perhutanan sosial
energi-sumber-daya-mineral||Energi dan sumber daya mineral|Energy and mineral resources|ESDM;energi;energy;mineral resources
pertambangan|energi-sumber-daya-mineral|Pertambangan|Mining|tambang;mining
perdagangan||Perdagangan|Trade|trade;pemasaran;pasar;distribusi;ritel;misi dagang;perdagangan antardaerah
ekspor|perdagangan|Ekspor|Export|export
pengendalian-inflasi|perdagangan|Pengendalian inflasi|Inflation control|inflasi;inflation;TPID
industri||Perindustrian|Industry|perindustrian;industry;industri kecil
industri-kreatif|industri|Industri kreatif|Creative industry|ekonomi kreatif;ekraf;creative economy;creative industry
kerajinan|industri-kreatif|Kerajinan|Crafts|kriya;handicraft;crafts;dekranas
batik|kerajinan|Batik|Batik|membatik
anyaman|kerajinan|Anyaman|Weaving|weaving
kerajinan-marmer|kerajinan|Kerajinan marmer|Marble crafts|marmer
tenun|kerajinan|Tenun|Hand-woven textiles|kain tenun;songket;lurik;tenun ikat
keramik|kerajinan|Keramik dan gerabah|Ceramics and pottery|gerabah;ceramics;pottery
kuliner|industri-kreatif|Kuliner|Culinary|gastronomi;makanan olahan;culinary;food products
musik|industri-kreatif|Musik|Music|studio musik
fesyen|industri-kreatif|Fesyen|Fashion|fashion;busana
transmigrasi||Transmigrasi|Transmigration|transmigration;kawasan transmigrasi;trans
ekonomi||Ekonomi|Economy|perekonomian;ekonomi daerah;economy;pemulihan ekonomi
pembiayaan|ekonomi|Pembiayaan|Finance and credit|permodalan;akses modal;pinjaman;kredit;finance
keuangan-daerah|ekonomi|Keuangan daerah dan PAD|Regional finance and revenue|PAD;pendapatan asli daerah;pajak daerah;retribusi;APBD;keuangan daerah;regional revenue
kerja-sama-pemerintah-badan-usaha|ekonomi|Kerja sama pemerintah dan badan usaha|Public-private partnership|KPBU;PPP;public private partnership
pemerintahan||Tata kelola pemerintahan|Governance|governance;birokrasi;reformasi birokrasi;inovasi daerah;otonomi daerah
pelayanan-publik|pemerintahan|Pelayanan publik|Public services|public services;mal pelayanan publik;MPP;layanan publik
pembangunan-daerah|pemerintahan|Perencanaan dan pembangunan daerah|Regional planning and development|pembangunan;perencanaan pembangunan;bappeda;regional development;pengembangan wilayah
batas-daerah|pemerintahan|Batas daerah|Regional boundaries|tata batas;batas wilayah;boundary;penegasan batas
kerja-sama-daerah|pemerintahan|Kerja sama daerah|Inter-regional cooperation|kerja sama antardaerah;sister city;kota kembar;KSD
otonomi-khusus|pemerintahan|Otonomi khusus dan keistimewaan|Special autonomy|otsus;keistimewaan;desentralisasi asimetris;special autonomy
pemilihan-umum|pemerintahan|Pemilihan umum dan pilkada|Elections|pemilu;pilkada;elections
keamanan|pemerintahan|Keamanan dan persatuan|Security and national unity|kesbangpol;persatuan;wawasan kebangsaan;security
keagamaan||Keagamaan|Religious affairs|agama;religion;keagamaan
"""

# id | broader | label id | label en | alt labels
ROLES = """
presiden||Presiden|President|president
wakil-presiden|presiden|Wakil Presiden|Vice president|wapres
menteri||Menteri|Minister|minister;mendagri;menko
wakil-menteri|menteri|Wakil Menteri|Vice minister|wamen;vice minister;wamendagri;wamentrans
sekretaris-jenderal|menteri|Sekretaris Jenderal|Secretary-general|sekjen
direktur-jenderal|menteri|Direktur Jenderal|Director-general|dirjen
sekretaris-direktorat-jenderal|direktur-jenderal|Sekretaris Direktorat Jenderal|Secretary of a directorate-general|sesditjen
deputi||Deputi|Deputy (ministry or agency)|deputy
direktur||Direktur|Director|director;managing director;direktur utama;dirut
kepala-badan-pusat||Kepala Badan (pusat)|Head of a national agency|kepala lembaga;kepala BNPB;kepala BPSDM
kepala-staf-presiden||Kepala Staf Presiden|Chief of Presidential Staff|KSP;kepala KSP
tenaga-ahli-ksp|kepala-staf-presiden|Tenaga Ahli Kantor Staf Presiden|Expert staff of the Presidential Staff Office|tenaga ahli utama KSP;TA KSP;tenaga ahli utama
staf-khusus||Staf Khusus|Special staff|stafsus
gubernur||Gubernur|Governor|governor;gub
wakil-gubernur|gubernur|Wakil Gubernur|Vice governor|wagub;vice governor
bupati||Bupati|Regent|regent
wakil-bupati|bupati|Wakil Bupati|Vice regent|wabup;vice regent
wali-kota||Wali Kota|Mayor|walikota;mayor;wako
wakil-wali-kota|wali-kota|Wakil Wali Kota|Vice mayor|wawali;wakil walikota;wawako;vice mayor
kepala-daerah||Kepala Daerah|Head of region|kepala daerah;head of region
sekretaris-daerah||Sekretaris Daerah|Regional secretary|sekda;sekdaprov;sekdakab;sekdakot;regional secretary
asisten-daerah|sekretaris-daerah|Asisten Sekretaris Daerah|Assistant to the regional secretary|asisten;asda;assistant
asisten-pemerintahan|asisten-daerah|Asisten I (Pemerintahan)|Assistant I (government affairs)|asisten I;asisten 1;asisten pemerintahan;asisten pemerintahan dan kesejahteraan rakyat;asisten pemkesra;asisten pemerintahan dan sosial
asisten-perekonomian|asisten-daerah|Asisten II (Perekonomian dan Pembangunan)|Assistant II (economy and development)|asisten II;asisten 2;asisten perekonomian;asisten ekbang;asisten perekonomian dan pembangunan
asisten-administrasi|asisten-daerah|Asisten III (Administrasi Umum)|Assistant III (general administration)|asisten III;asisten 3;asisten administrasi umum;asisten administrasi
staf-ahli|sekretaris-daerah|Staf Ahli Kepala Daerah|Expert staff to the head of region|staf ahli;expert staff
kepala-biro|sekretaris-daerah|Kepala Biro|Head of a bureau|karo;kabiro
kepala-bagian|sekretaris-daerah|Kepala Bagian|Head of a section|kabag
kepala-dinas||Kepala Dinas|Head of a regional office|kadis;kepala OPD;head of office
sekretaris-dinas|kepala-dinas|Sekretaris Dinas|Secretary of a regional office|sekdis
kepala-badan|kepala-dinas|Kepala Badan Daerah|Head of a regional agency|kaban;kepala bappeda;kepala BPBD;kepala BKD
kepala-bidang|kepala-dinas|Kepala Bidang|Head of a division|kabid
kepala-seksi|kepala-bidang|Kepala Seksi|Head of a sub-division|kasi
kepala-upt|kepala-dinas|Kepala UPT/UPTD|Head of a technical unit|kepala UPTD;kepala UPT
kepala-satpol-pp|kepala-dinas|Kepala Satpol PP|Head of the public order agency|kasatpol PP
direktur-bumd||Direktur BUMD/Perumda|Director of a regional enterprise|dirut BUMD;direktur perumda;direktur PDAM
camat||Camat|District head|camat
lurah||Lurah|Head of an urban village|lurah
kepala-desa||Kepala Desa|Village head|kades;pambakal;kepala kampung;geuchik;wali nagari
ketua-dprd||Ketua DPRD|Chair of the regional council|ketua dewan
wakil-ketua-dprd|ketua-dprd|Wakil Ketua DPRD|Vice chair of the regional council|waka DPRD;wakil ketua dewan
ketua-komisi||Ketua Komisi DPRD|Chair of a council commission|ketua komisi
wakil-ketua-komisi|ketua-komisi|Wakil Ketua Komisi DPRD|Vice chair of a council commission|
ketua-fraksi||Ketua Fraksi|Chair of a council faction|ketua fraksi
ketua-badan-dprd||Ketua Badan DPRD|Chair of a council body|ketua banggar;ketua bamus;ketua BK
ketua-bapemperda|ketua-badan-dprd|Ketua Bapemperda|Chair of the local-regulation body|ketua bapemperda;ketua balegda
anggota-dprd||Anggota DPRD|Member of the regional council|anggota dewan;legislator;councillor
anggota-bapemperda|anggota-dprd|Anggota Bapemperda|Member of the local-regulation body|
sekretaris-dprd||Sekretaris DPRD|Secretary of the regional council|sekwan
ketua-tp-pkk||Ketua TP-PKK|Chair of the family-welfare movement team|ketua PKK;ketua TP PKK;ketua tim penggerak PKK
wakil-ketua-tp-pkk|ketua-tp-pkk|Wakil Ketua TP-PKK|Vice chair of the family-welfare movement team|
ketua-dekranasda||Ketua Dekranasda|Chair of the crafts council|ketua dekranas
wakil-ketua-dekranasda|ketua-dekranasda|Wakil Ketua Dekranasda|Vice chair of the crafts council|
ketua-dwp||Ketua Dharma Wanita Persatuan|Chair of the civil servants' wives' association|ketua DWP
ketua-forum||Ketua Forum/Asosiasi|Chair of a forum or association|ketua APPSI;ketua Apeksi;ketua Apkasi;ketua BKSP;ketua dewan pengurus
ketua|ketua-forum|Ketua|Chair|chair;chairman
ketua-umum|ketua-forum|Ketua Umum|General chair|ketum
ketua-komite|ketua|Ketua Komite|Committee chair|
sekretaris||Sekretaris|Secretary|
rektor||Rektor|Rector|rector;rektor universitas
kepala-kepolisian||Kepala Kepolisian|Police chief|kapolda;kapolres;kapolsek
komandan-militer||Komandan Militer|Military commander|dandim;danrem;pangdam;dandim/komandan kodim
ketua-adat||Pemimpin Adat|Customary leader|wali nanggroe;ketua LAM;ketua lembaga adat
kepala-kantor||Kepala Kantor|Head of an office|
head-of-government-relations||Kepala Hubungan Pemerintahan (perusahaan)|Head of government relations|head of government relation;government relations
pimpinan-rombongan||Pimpinan Rombongan|Delegation leader|ketua rombongan
"""

# scheme | id | label id | label en | alt labels | definition (en)
STATUSES = """
AgreementStatusScheme|proposed|Diusulkan|Proposed|ditawarkan;usulan;tawaran|One side has offered or proposed the cooperation.
AgreementStatusScheme|exploratory|Penjajakan|Exploratory|dijajaki;penjajakan kerja sama;exploring|The sides are exploring or discussing it.
AgreementStatusScheme|planned|Direncanakan|Planned|rencana;akan ditandatangani;sedang disusun|Said to be in preparation; not signed.
AgreementStatusScheme|drafted|Draf disusun|Drafted|draf;rancangan|A draft text exists.
AgreementStatusScheme|awaiting-signature|Menunggu penandatanganan|Awaiting signature|menunggu tanda tangan;menunggu kesiapan|Agreed but not yet signed by any party.
AgreementStatusScheme|awaiting-countersignature|Menunggu tanda tangan pihak lain|Awaiting countersignature|sebagian ditandatangani;partly signed|Signed by some parties; others have not signed yet.
AgreementStatusScheme|signed|Ditandatangani|Signed|diteken;ditandatangani|Signed by the parties.
AgreementStatusScheme|handed-over|Diserahkan|Handed over|diserahkan;penyerahan dokumen|The signed document has been handed over.
AgreementStatusScheme|in-force|Berlaku|In force|berlaku;aktif;active|Signed and within its term.
AgreementStatusScheme|extended|Diperpanjang|Extended|perpanjangan;renewed;diperbarui|Its term has been extended.
AgreementStatusScheme|amended|Diubah|Amended|adendum;perubahan;addendum|Amended by a later document.
AgreementStatusScheme|expired|Berakhir|Expired|habis masa berlaku;berakhir;ended|Its term has ended.
AgreementStatusScheme|terminated|Dihentikan|Terminated|diputus;dibatalkan;cancelled|Ended before its term.
AgreementStatusScheme|stated|Dinyatakan|Stated|komitmen;sepakat|Committed to in public, without a document.
EventStatusScheme|planned|Direncanakan|Planned|rencana;akan;dijadwalkan;scheduled|Announced for a later date.
EventStatusScheme|held|Terlaksana|Held|berlangsung;dilaksanakan;took place|Took place.
EventStatusScheme|ongoing|Sedang berlangsung|Ongoing|sedang berlangsung;masih berlangsung|Under way when the article was written.
EventStatusScheme|postponed|Ditunda|Postponed|tunda;diundur|Put off to a later date.
EventStatusScheme|cancelled|Dibatalkan|Cancelled|batal;dibatalkan;canceled|Called off.
ActingQualifierScheme|pj|Penjabat|Acting (appointed, Penjabat)|Pj;Pj.;penjabat|Appointed to act as head of region or Sekda until a definitive holder takes office.
ActingQualifierScheme|plt|Pelaksana Tugas|Acting (Pelaksana Tugas)|Plt;Plt.;pelaksana tugas|Carries out the duties while the holder is unable to or the post is vacant.
ActingQualifierScheme|plh|Pelaksana Harian|Day-to-day acting (Pelaksana Harian)|Plh;Plh.;pelaksana harian|Carries out day-to-day duties while the holder is temporarily away.
"""


def esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def sectors() -> str:
    return scheme("sector", "SectorScheme", SECTORS)


def scheme(prefix: str, scheme_name: str, table: str) -> str:
    """Return the Turtle of a SKOS scheme table (id | broader | label id | label en | alts)."""
    out = [HEADER.format(p=prefix)]
    ids = [line.split("|")[0] for line in table.strip().splitlines()]
    assert len(ids) == len(set(ids)), "duplicate id"
    for line in table.strip().splitlines():
        ident, broader, label_id, label_en, alts = line.split("|")
        assert not broader or broader in ids, f"unknown broader {broader}"
        out.append(f"{prefix}:{ident} a skos:Concept ;\n    skos:inScheme jj:{scheme_name} ;\n    skos:notation \"{ident}\" ;\n")
        out.append(f"    skos:prefLabel \"{esc(label_id)}\"@id , \"{esc(label_en)}\"@en")
        for alt in filter(None, alts.split(";")):
            out.append(f" ;\n    skos:altLabel \"{esc(alt)}\"@id")
        if broader:
            out.append(f" ;\n    skos:broader {prefix}:{broader}")
        else:
            out.append(f" ;\n    skos:topConceptOf jj:{scheme_name}")
        out.append(" .\n\n")
    return "".join(out)


def roles() -> str:
    return scheme("role", "RoleScheme", ROLES)


# Class | recordKind | parent class | label id | label en | alt labels | definition (en) | CAMEO
KINDS = """
RegionalCouncilCommission|dprd-commission|GovernmentUnit|Komisi DPRD|Council commission|komisi;komisi DPRD;council commission|A standing commission of a regional council (Komisi I, II ...).|
RegionalCouncilFaction|dprd-faction|GovernmentUnit|Fraksi DPRD|Council faction|fraksi;faction|A party faction in a regional council (Fraksi PKS ...).|
RegionalCouncilBody|dprd-body|GovernmentUnit|Badan / alat kelengkapan DPRD|Council body|badan anggaran;banggar;bapemperda;balegda;badan musyawarah;bamus;badan kehormatan;pansus|A body of a regional council: budget body, local-regulation body, steering body, special committee.|
RegionalSecretariat|regional-secretariat|GovernmentUnit|Sekretariat Daerah|Regional secretariat|setda;setdaprov;setdakab;setdakot;sekretariat daerah|The secretariat of a local government, headed by the Sekda.|
RegionalOffice|dinas|GovernmentUnit|Dinas|Regional office (dinas)|dinas;OPD;perangkat daerah;SKPD;regional office;disdukcapil;diskominfo;dishub;disperindag;DLH;DPUPKP|A regional office that carries out a government affair (Dinas ...).|
RegionalAgency|regional-agency|GovernmentUnit|Badan daerah|Regional agency|badan;bappeda;BPBD;BKD;BKPSDM;bapenda;BPKAD;badan kepegawaian|A regional agency (Badan ...): planning, disaster, personnel, revenue.|
Bureau|bureau|GovernmentUnit|Biro|Bureau|biro;biro adpim;biro pemerintahan|A bureau of a provincial secretariat.|
Section|section|GovernmentUnit|Bagian|Section|bagian;bagian kerja sama;bagian tata pemerintahan;bagian pemerintahan|A section of a regency or city secretariat.|
Division|division|GovernmentUnit|Bidang|Division|bidang|A division within a dinas or badan.|
TechnicalUnit|technical-unit|GovernmentUnit|UPT / UPTD|Technical implementation unit|UPT;UPTD;unit pelaksana teknis|A technical implementation unit of a ministry or dinas.|
DistrictOffice|district-office|GovernmentUnit|Pemerintah Kecamatan|District office|kecamatan;kantor camat|The office of a kecamatan, headed by the camat.|
VillageGovernment|village-government|GovernmentUnit|Pemerintah Desa / Kelurahan|Village government|pemdes;pemerintah desa;kelurahan;desa|The government of a desa or the office of a kelurahan.|
FamilyWelfareMovement|pkk|Organization|Tim Penggerak PKK|Family-welfare movement team (TP-PKK)|TP-PKK;TP PKK;PKK;tim penggerak PKK|The Pemberdayaan Kesejahteraan Keluarga team of a region, usually chaired by the head's spouse.|
DharmaWanita|dharma-wanita|Organization|Dharma Wanita Persatuan|Civil servants' wives' association (DWP)|DWP;dharma wanita|The association of civil servants' spouses of a region or body.|
RegionalEnterprise|regional-enterprise|Company|BUMD / Perumda|Region-owned enterprise|BUMD;perumda;PDAM;perseroda;bank daerah|An enterprise owned by a region (Perumda, Perseroda).|
StateEnterprise|state-enterprise|Company|BUMN|State-owned enterprise|BUMN;persero|An enterprise owned by the state.|
MinistryUnit|ministry-unit|GovernmentUnit|Unit kementerian|Ministry unit|ditjen;direktorat jenderal;deputi;kedeputian;sekretariat jenderal;setjen;direktorat;BPSDM;badan pada kementerian|A unit of a ministry: directorate-general, deputyship, secretariat-general, directorate, agency.|
PresidentialOffice|presidential-office|Organization|Kantor Staf Presiden / Kepresidenan|Presidential office|KSP;kantor staf presiden;setneg;sekretariat presiden|The Presidential Staff Office or another office of the presidency.|
CentralAgency|central-agency|Organization|Lembaga pemerintah pusat|Central government agency|LPNK;lembaga;BNPB;BPS;BKKBN;BPKP;badan nasional|A central government agency outside the ministries.|
Police|police|Organization|Kepolisian|Police|polda;polres;polsek;polri|A police command (Polda, Polres).|
Military|military|Organization|TNI|Military|kodim;korem;kodam;TNI|A military command (Kodim, Korem, Kodam).|
RegionalForum|regional-forum|Association|Forum / badan kerja sama daerah|Regional cooperation forum|forum;BKSP;fordasi;forkopimda;badan kerja sama;forum kerja sama|A forum or joint body of regions or officials (BKSP Jabodetabekjur, Fordasi, Forkopimda).|
BusinessAssociation|business-association|Association|Asosiasi usaha|Business association|KADIN;HIPMI;IWAPI;kamar dagang|A chamber of commerce or business association.|
University|university|Organization|Perguruan tinggi|University|universitas;kampus;institut;politeknik;perguruan tinggi|A university or other higher-education institution.|
NonProfit|ngo|Organization|Yayasan / LSM|Non-profit organization|yayasan;LSM;NGO;foundation|A foundation or non-governmental organization.|
CustomaryInstitution|customary-institution|Organization|Lembaga adat|Customary institution|LAM;lembaga adat;wali nanggroe;majelis adat|A customary (adat) institution.|
TaskForce|task-force|Organization|Satuan tugas|Task force|satgas;tim;task force|A task force or ad-hoc team.|
ForeignGovernment|foreign-government|Organization|Pemerintah luar negeri|Foreign government|pemerintah kota luar negeri;foreign city|A local or national government abroad.|
ReturnVisit|return-visit|Visit|Kunjungan balasan|Return visit|kunjungan balasan;return visit;balasan|A visit answering an earlier visit by the host.|042
CourtesyVisit|courtesy-visit|Visit|Kunjungan kehormatan / silaturahmi|Courtesy visit|silaturahmi;kunjungan kehormatan;courtesy call|A visit to pay respects.|042
BenchmarkingVisit|benchmarking-visit|StudyVisit|Studi banding|Comparative study visit|studi banding;comparative study;benchmarking|A study visit to compare practice with the host.|042
ReplicationVisit|replication-visit|StudyVisit|Studi tiru|Replication study visit|studi tiru;replication visit|A study visit to copy a practice of the host.|042
Audience|audience|Meeting|Audiensi|Audience|audiensi;audiensi;audience|A formal audience with an official to present a request or proposal.|040
TechnicalMeeting|technical-meeting|Meeting|Rapat teknis|Technical meeting|rapat teknis;rapat kerja teknis;technical meeting|A meeting of officials on technical details.|040
PlenaryMeeting|plenary-meeting|Meeting|Rapat paripurna|Plenary meeting|rapat paripurna;paripurna;plenary|A plenary session of a council or forum.|040
PlanningForum|musrenbang|Meeting|Musrenbang|Development planning forum|musrenbang;musrembang;musyawarah perencanaan pembangunan|A development planning deliberation (Musrenbang), possibly joint.|040
WorkingMeeting|working-meeting|Conference|Rapat kerja|Working meeting (raker)|raker;rakernas;rakerwil;rakerda;pra raker;rapat kerja nasional;rapat kerja|A working meeting of an association, forum or government (Raker, Rakernas, Rakerwil).|044
Congress|congress|Conference|Musyawarah nasional / kongres|Congress (munas)|munas;musyawarah nasional;kongres;musda;congress|The congress of an association (Munas, Musda).|044
Seminar|seminar|Event|Seminar|Seminar|seminar;webinar;diskusi publik;talkshow|A seminar or public discussion.|
Workshop|workshop|Event|Lokakarya|Workshop|lokakarya;workshop|A workshop.|
Training|training|Event|Pelatihan / bimtek|Training|pelatihan;bimtek;bimbingan teknis;diklat;capacity building;peningkatan kapasitas|A training or capacity-building session.|
Exhibition|exhibition|Event|Pameran|Exhibition|pameran;expo;bazar;gelar produk;exhibition;fair|An exhibition, expo or fair.|
TradeMission|trade-mission|Event|Misi dagang|Trade mission|misi dagang;temu bisnis;business matching;misi dagang dan investasi|A trade and investment mission between regions.|
Handover|handover|Event|Penyerahan|Handover|penyerahan;serah terima;handover;penyerahan proposal;penyerahan dokumen|The handing over of documents, aid or assets.|
Inauguration|inauguration|Event|Peresmian|Inauguration|peresmian;inauguration;pelantikan|The opening of a facility or the swearing-in of officials.|
Ceremony|ceremony|Event|Upacara / peringatan|Ceremony|upacara;HUT;hari jadi;peringatan;ceremony;anniversary|A ceremony or anniversary celebration.|
JointAgreement|joint-agreement|MemorandumOfUnderstanding|Kesepakatan Bersama|Joint agreement (Kesepakatan Bersama)|kesepakatan bersama;KB;surat kesepakatan bersama|A Kesepakatan Bersama between regions (PP 28/2018); a framework for PKS.|057
SisterCityAgreement|sister-city|Agreement|Kota kembar / sister city|Sister-city agreement|sister city;kota kembar;sister province;twin city|A sister-city or sister-region partnership.|057
JointDeclaration|joint-declaration|Agreement|Deklarasi bersama|Joint declaration|deklarasi;deklarasi bersama;joint declaration;piagam|A declaration signed jointly.|057
LetterOfIntent|letter-of-intent|Agreement|Surat pernyataan kehendak|Letter of intent|LoI;letter of intent;surat minat|A letter of intent to cooperate.|031
Amendment|amendment|Agreement|Adendum / perubahan|Amendment (addendum)|adendum;addendum;perubahan;amandemen;amendment|A document that amends or extends an earlier agreement.|057
Minutes|minutes|Agreement|Berita acara|Minutes (berita acara)|berita acara;BA;minutes;berita acara kesepakatan|Signed minutes recording what the parties agreed.|057
"""

# Extra alternative labels for the kinds declared in jejaring.ttl.
KIND_LABELS = {
    "Visit": "kunjungan kerja;kunker;kunjungan;working visit;lawatan",
    "StudyVisit": "studi;kunjungan belajar;study visit;studi lapangan",
    "FieldVisit": "kunjungan lapangan;peninjauan lapangan;tinjau lapangan;peninjauan;field visit;site visit;survei lapangan",
    "Meeting": "pertemuan;rapat;meeting;temu",
    "FocusGroupDiscussion": "FGD;diskusi kelompok terarah;focus group discussion",
    "CoordinationMeeting": "rakor;rapat koordinasi;coordination meeting;rakortek",
    "Conference": "konferensi;conference;forum nasional",
    "Signing": "penandatanganan;signing;teken",
    "Launch": "peluncuran;launching;launch;soft launching",
    "LocalGovernment": "pemda;pemerintah daerah;pemprov;pemkab;pemkot;pemko;local government",
    "RegionalCouncil": "DPRD;dewan;regional council;DPRK",
    "CraftsCouncil": "Dekranasda;dewan kerajinan nasional daerah;crafts council",
    "Ministry": "kementerian;kementerian koordinator;kemenko;ministry",
    "GovernmentUnit": "unit;unit kerja;government unit",
    "Association": "asosiasi;association;Apeksi;Apkasi;APPSI;ADKASI;ADEKSI",
    "Agency": "pusat layanan;PLUT;mal pelayanan publik;service centre",
    "Community": "komunitas;kelompok;community;paguyuban",
    "Company": "perusahaan;PT;swasta;company;private company",
    "MemorandumOfUnderstanding": "MoU;nota kesepahaman;memorandum of understanding;nota kesepakatan",
    "CooperationAgreement": "PKS;perjanjian kerja sama;perjanjian kerjasama;cooperation agreement",
    "StatedIntent": "komitmen;niat;pernyataan kerja sama;stated intent",
}

FAMILY_ROOT = {"Visit": "Event", "StudyVisit": "Event", "Meeting": "Event", "Conference": "Event", "Event": "Event",
               "MemorandumOfUnderstanding": "Agreement", "Agreement": "Agreement"}


def kinds() -> str:
    out = ["""@prefix jj:   <https://w3id.org/jejaring/ontology#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org:  <http://www.w3.org/ns/org#> .

# Kinds of organizations, events and agreements a record may name with kind:. GENERATED by
# tools/make_schemes.py; the labels and alternative labels are what a curator may write.

"""]
    for line in KINDS.strip().splitlines():
        cls, kind, parent, label_id, label_en, alts, definition, cameo = line.split("|")
        out.append(f"jj:{cls} a owl:Class ;\n    jj:recordKind \"{kind}\" ;\n    rdfs:subClassOf jj:{parent} ;\n")
        out.append(f"    rdfs:label \"{esc(label_id)}\"@id , \"{esc(label_en)}\"@en")
        alt_list = list(dict.fromkeys(filter(None, alts.split(";"))))
        if alt_list:
            out.append(" ;\n    skos:altLabel " + " , ".join(f'"{esc(a)}"@id' for a in alt_list))
        out.append(f" ;\n    skos:definition \"{esc(definition)}\"@en")
        if cameo:
            out.append(f" ;\n    jj:cameoCode \"{cameo}\"")
        out.append(" .\n\n")
    for cls, alts in KIND_LABELS.items():
        out.append(f"jj:{cls} skos:altLabel " + " , ".join(f'"{esc(a)}"@id' for a in alts.split(";")) + " .\n")
    return "".join(out)


KEPT = {"planned": "jj:Planned", "signed": "jj:Signed", "stated": "jj:Stated"}


def statuses() -> str:
    out = ["""@prefix jj:   <https://w3id.org/jejaring/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix st:   <https://w3id.org/jejaring/id/status/> .

jj:EventStatusScheme a skos:ConceptScheme ;
    rdfs:label "Status peristiwa"@id , "Event status"@en .

jj:ActingQualifierScheme a skos:ConceptScheme ;
    rdfs:label "Keterangan jabatan sementara"@id , "Acting qualifier"@en .

"""]
    prefixes = {"AgreementStatusScheme": "agreement", "EventStatusScheme": "event", "ActingQualifierScheme": "acting"}
    for line in STATUSES.strip().splitlines():
        scheme_name, ident, label_id, label_en, alts, definition = line.split("|")
        if scheme_name == "AgreementStatusScheme" and ident in KEPT:
            # declared in jejaring.ttl (queries use jj:Signed); only the extra labels here
            alt_text = " , ".join(f'"{esc(a)}"@id' for a in filter(None, alts.split(";")))
            out.append(f"{KEPT[ident]} skos:altLabel {alt_text} .\n\n")
            continue
        iri = f"st:{prefixes[scheme_name]}-{ident}"
        out.append(f"{iri} a skos:Concept ;\n    skos:inScheme jj:{scheme_name} ;\n    skos:notation \"{ident}\" ;\n")
        out.append(f"    skos:prefLabel \"{esc(label_id)}\"@id , \"{esc(label_en)}\"@en")
        for alt in filter(None, alts.split(";")):
            out.append(f" ;\n    skos:altLabel \"{esc(alt)}\"@id")
        out.append(f" ;\n    skos:definition \"{esc(definition)}\"@en .\n\n")
    return "".join(out)


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent / "ontology"
    (root / "sectors.ttl").write_text(sectors(), encoding="utf-8")
    (root / "roles.ttl").write_text(roles(), encoding="utf-8")
    (root / "statuses.ttl").write_text(statuses(), encoding="utf-8")
    (root / "kinds.ttl").write_text(kinds(), encoding="utf-8")
