"""The interface's own words in Vietnamese and English (data labels come from the graph), and which
of the two languages a reader gets."""
from __future__ import annotations

from flask import request

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

UI = {  # interface strings; data labels come from the graph
    "search": ("Tìm kiếm", "Search"), "search_placeholder": ("Tên, ví dụ: hai duong", "A name, e.g. hai duong"),
    "query": ("Truy vấn SPARQL", "SPARQL query"), "queries": ("Truy vấn mẫu", "Named queries"),
    "examples": ("Ví dụ", "Examples"), "ontology": ("Bản thể học", "Ontology"), "void": ("Mô tả bộ dữ liệu", "Dataset (VoID)"),
    "dumps": ("Tải dữ liệu", "Downloads"), "validation": ("Kiểm tra SHACL", "SHACL validation"),
    "types": ("Kiểu", "Types"), "statements": ("Thuộc tính", "Statements"), "incoming": ("Được tham chiếu bởi", "Referenced by"),
    "evidence": ("Trích dẫn làm bằng chứng", "Supporting quotes"), "sources": ("Nguồn", "Sources"),
    "neighbours": ("Lân cận", "Neighbours"), "formats": ("Định dạng khác", "Other formats"),
    "not_found": ("Không tìm thấy", "Not found"), "no_results": ("Không có kết quả.", "No results."),
    "results": ("Kết quả", "Results"), "run": ("Chạy", "Run"), "parameters": ("Tham số", "Parameters"),
    "open_in_editor": ("Mở trong trình soạn truy vấn", "Open in the query editor"),
    "rows": ("dòng", "rows"), "truncated": ("Kết quả bị cắt bớt.", "Results truncated."),
    "classes": ("Lớp", "Classes"), "properties": ("Thuộc tính", "Properties"), "concepts": ("Khái niệm", "Concepts"),
    "domain": ("Miền", "Domain"), "range": ("Phạm vi", "Range"), "superclasses": ("Lớp cha", "Subclass of"),
    "quotes_from": ("Trích dẫn từ nguồn này", "Quotes from this source"), "about": ("Về", "About"),
    "entities": ("Thực thể trong đồ thị", "Entities in this graph"), "triples": ("bộ ba", "triples"),
    "conforms": ("Dữ liệu hợp lệ", "The data conforms"), "not_conforms": ("Dữ liệu không hợp lệ", "The data does not conform"),
    "endpoint": ("Điểm truy vấn SPARQL", "SPARQL endpoint"), "home": ("Trang chủ", "Home"),
    "not_found_text": ("Không có dữ liệu nào về IRI này.", "The graph says nothing about this IRI."),
    "offsets": ("vị trí", "offsets"), "error": ("Lỗi", "Error"), "language": ("Ngôn ngữ", "Language"),
    "subsets": ("Đồ thị con", "Subsets"), "linksets": ("Liên kết ra ngoài", "Links to other datasets"),
    "class_partitions": ("Số thực thể theo lớp", "Entities per class"),
    "property_partitions": ("Số bộ ba theo thuộc tính", "Triples per property"),
    # entity profiles: kinds, sections, columns, one-to-one facts, document relations, counts
    "kind_province": ("Đơn vị hành chính cấp tỉnh", "Province-level unit"), "kind_person": ("Người", "Person"),
    "kind_organisation": ("Tổ chức", "Organisation"), "kind_platform": ("Nền tảng số", "Digital platform"),
    "kind_document": ("Văn bản", "Document"), "kind_indicator": ("Chỉ số", "Indicator"),
    "kind_figure": ("Số liệu", "Figure"), "kind_source": ("Nguồn", "Source"), "kind_target": ("Chỉ tiêu", "Target"),
    "col_original": ("Nguyên văn", "As the source says"), "col_reporter": ("Nguồn số liệu", "Reported by"),
    "col_inferred": ("Suy luận của người biên soạn", "Curators' inference"),
    "section_leaders": ("Lãnh đạo", "Leaders"), "section_platforms": ("Nền tảng số", "Platforms"),
    "section_figures": ("Số liệu", "Figures"), "section_targets": ("Chỉ tiêu và thực tế", "Targets and actuals"),
    "section_documents": ("Văn bản và chương trình", "Documents and programmes"),
    "section_events": ("Sự kiện", "Events"), "section_organisations": ("Cơ quan, tổ chức", "Organisations"),
    "section_posts": ("Chức vụ theo thời gian", "Posts over time"), "section_members": ("Thành viên", "Members"),
    "section_units": ("Đơn vị trực thuộc", "Units"), "section_documents_issued": ("Văn bản ban hành", "Documents issued"),
    "section_platforms_operated": ("Nền tảng vận hành", "Platforms operated"),
    "section_deployments": ("Nơi triển khai", "Where deployed"),
    "section_related_documents": ("Văn bản liên quan", "Related documents"),
    "section_values": ("Giá trị theo địa phương và kỳ", "Values by area and period"),
    "col_role": ("Chức vụ", "Role"), "col_person": ("Người", "Person"), "col_organisation": ("Cơ quan", "Organisation"),
    "col_attested": ("Thời điểm ghi nhận", "Attested"), "col_source": ("Nguồn", "Source"),
    "col_system": ("Nền tảng", "Platform"), "col_status": ("Trạng thái", "Status"),
    "col_operator": ("Đơn vị vận hành", "Operator"), "col_place": ("Nơi", "Where"),
    "col_indicator": ("Chỉ số", "Indicator"), "col_value": ("Giá trị", "Value"), "col_period": ("Kỳ", "Period"),
    "col_area": ("Địa phương", "Area"), "col_target": ("Chỉ tiêu", "Target"), "col_year": ("Năm", "Year"),
    "col_actual": ("Thực tế", "Actual"), "col_document": ("Văn bản", "Document"), "col_number": ("Số", "Number"),
    "col_date": ("Ngày", "Date"), "col_issuer": ("Cơ quan ban hành", "Issued by"), "col_event": ("Sự kiện", "Event"),
    "col_relation": ("Quan hệ", "Relation"), "col_kind": ("Loại", "Kind"),
    "fact_era": ("Thời kỳ", "Era"), "fact_isReplacedBy": ("Được thay bởi", "Replaced by"),
    "fact_replaces": ("Thay cho", "Replaces"), "fact_containedInPlace": ("Thuộc", "Part of"),
    "fact_headOf": ("Đứng đầu", "Head of"), "fact_classification": ("Loại tổ chức", "Kind of organisation"),
    "fact_unitOf": ("Trực thuộc", "Unit of"), "fact_areaServed": ("Phục vụ", "Serves"),
    "fact_type": ("Loại", "Category"), "fact_provider": ("Nhà cung cấp", "Provider"),
    "fact_type_document": ("Loại văn bản", "Document type"), "fact_id_local": ("Số hiệu", "Number"),
    "fact_date_document": ("Ngày ban hành", "Date"), "fact_passed_by": ("Cơ quan ban hành", "Issued by"),
    "fact_approvedBy": ("Phê duyệt bởi", "Approved by"), "fact_definition": ("Định nghĩa", "Definition"),
    "fact_spatial": ("Địa bàn", "Area"), "fact_comment": ("Ghi chú", "Note"),
    "rel_about": ("về địa phương", "about the area"), "rel_issued": ("ban hành", "issued"),
    "rel_implements": ("thực hiện / căn cứ", "implements / based on"),
    "rel_implemented_by": ("được thực hiện bởi", "implemented by"), "rel_cites": ("dẫn chiếu", "cites"),
    "count_leaders": ("chức vụ lãnh đạo", "leadership posts"), "count_platforms": ("lần triển khai nền tảng", "platform deployments"),
    "count_figures": ("số liệu", "figures"), "count_targets": ("chỉ tiêu", "targets"),
    "count_documents": ("văn bản và chương trình", "documents and programmes"), "count_events": ("sự kiện", "events"),
    "count_organisations": ("cơ quan và tổ chức", "organisations"), "count_posts": ("chức vụ", "posts"),
    "count_members": ("thành viên", "members"), "count_units": ("đơn vị", "units"),
    "count_documents_issued": ("văn bản ban hành", "documents issued"),
    "count_platforms_operated": ("lần triển khai nền tảng", "platform deployments"),
    "count_deployments": ("nơi triển khai", "deployments"), "count_related_documents": ("văn bản liên quan", "related documents"),
    "count_values": ("giá trị", "values"),
    "summary": ("Tóm tắt", "Summary"), "rdf_view": ("Toàn bộ dữ liệu RDF", "All statements (RDF)"),
    "profile_view": ("Trang tóm tắt", "Summary page"), "skip": ("Bỏ qua, đến nội dung", "Skip to content"),
    "source_text": ("Văn bản nguồn", "Source text"), "publisher": ("Nơi đăng", "Publisher"),
    "published": ("Ngày đăng", "Published"), "date_precision": ("Độ chính xác của ngày", "Date precision"),
    "original_url": ("Địa chỉ gốc", "Original address"), "quote_at": ("Trích dẫn tại vị trí", "Quote at offsets"),
    "no_date": ("Bài không ghi ngày đăng", "The article states no date"),
    "no_date_short": ("không ghi ngày đăng", "no date stated"),
    "source_page": ("Các dữ kiện lấy từ nguồn này", "The facts taken from this source"),
    "inferred": ("suy luận", "inferred"), "more": ("Xem thêm", "More"), "previous": ("Trang trước", "Previous"),
    "next": ("Trang sau", "Next"), "did_you_mean": ("Có phải bạn tìm", "Did you mean"),
    "coverage": ("Đồ thị chỉ có dữ kiện từ bài báo cho các tỉnh sau:", "The graph has facts from articles only for these provinces:"),
    "text_changed": ("Bản lưu đã thay đổi so với khi trích dẫn: vị trí có thể lệch.",
                     "The local copy has changed since it was quoted: the offsets may be off."),
    "download_csv": ("Tải CSV", "Download CSV"),
    "chart_actual": ("Thực tế", "Actual"), "chart_values": ("Thực tế và chỉ tiêu theo địa phương", "Actual and target by area"), "chart_percent": ("Tỷ lệ (%): thực tế và chỉ tiêu", "Shares (%): actual and targets"),
    "map": ("Bản đồ dữ liệu theo tỉnh", "Map of the data by province"), "map_short": ("Bản đồ", "Map"), "era": ("Thời kỳ", "Era"),
    "era_pre2025": ("63 tỉnh, thành phố (trước 1/7/2025)", "63 provinces (before 1 July 2025)"),
    "era_post2025": ("34 tỉnh, thành phố (từ 1/7/2025)", "34 provinces (from 1 July 2025)"),
    "map_lead": ("Màu cho biết đồ thị có bao nhiêu dữ kiện về mỗi tỉnh; bấm vào một tỉnh để xem trang của tỉnh đó. "
                 "Tỉnh mới sau sáp nhập được vẽ bằng hợp các tỉnh cũ.",
                 "The colour says how many facts the graph has about each province; click one to open its page. "
                 "A 2025 province is drawn as the union of the provinces it merged."),
    "facts": ("dữ kiện", "facts"), "no_facts": ("chưa có dữ kiện", "no facts yet"),
    "no_value": ("không có số liệu", "no value"), "map_by_indicator": ("Tô màu theo chỉ số", "Colour by indicator"),
    "map_by_facts": ("số dữ kiện về tỉnh", "facts about the province"),
    "map_lead_indicator": ("Màu cho biết giá trị mới nhất của chỉ số ở mỗi tỉnh (theo địa giới lúc số liệu được công bố); "
                           "bấm vào một tỉnh để xem trang của tỉnh đó.",
                           "The colour shows the latest value of the indicator in each province (within the borders "
                           "of the time it was reported); click one to open its page."),
    "units": ("Các tỉnh, thành phố", "Provinces"), "map_source": ("Ranh giới", "Boundaries"),
    "not_found_path": ("Không có trang nào ở địa chỉ này.", "There is no page at this address."),
    "method_not_allowed": ("Địa chỉ này không nhận phương thức HTTP đó.", "This address does not take that HTTP method."),
    "param_iri": ("tên hoặc IRI", "name or IRI"), "param_integer": ("số nguyên", "whole number"),
    "param_decimal": ("số", "number"), "param_string": ("văn bản", "text"), "param_date": ("ngày", "date"),
    "param_hint_iri": ("ví dụ: Hải Dương", "e.g. Hải Dương"), "param_hint_integer": ("ví dụ: 2025", "e.g. 2025"),
    "param_hint_decimal": ("ví dụ: 1,5", "e.g. 1.5"), "param_hint_string": ("", ""),
    "param_hint_date": ("2022-10-10", "2022-10-10"),
    "crumb_province": ("Tỉnh, thành phố", "Provinces"), "crumb_person": ("Người", "People"),
    "crumb_organisation": ("Tổ chức", "Organisations"), "crumb_system": ("Nền tảng", "Platforms"),
    "crumb_document": ("Văn bản", "Documents"), "crumb_programme": ("Chương trình", "Programmes"),
    "crumb_observation": ("Số liệu", "Figures"), "crumb_target": ("Chỉ tiêu", "Targets"),
    "crumb_source": ("Nguồn", "Sources"), "crumb_sources": ("Nguồn", "Sources"), "crumb_event": ("Sự kiện", "Events"),
    "crumb_deployment": ("Triển khai", "Deployments"), "crumb_membership": ("Chức vụ", "Posts"),
    "crumb_vocab": ("Từ vựng", "Vocabularies"), "crumb_indicator": ("Chỉ số", "Indicators"),
    "crumb_queries": ("Truy vấn mẫu", "Named queries"), "crumb_graph": ("Đồ thị", "Graphs"),
    "crumb_district": ("Huyện", "Districts"), "crumb_role": ("Chức danh", "Roles"), "page_of": ("trang", "page"),
}


def choose_lang() -> str:
    """`?lang=`, then the `lang` cookie it sets, then Accept-Language, then Vietnamese."""
    for candidate in (request.args.get("lang"), request.cookies.get("lang")):
        if candidate in LANGS:
            return candidate
    return request.accept_languages.best_match(LANGS) or DEFAULT_LANG


def ui(key: str, lang: str) -> str:
    vi, en = UI[key]
    return vi if lang == "vi" else en
