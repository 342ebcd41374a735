"""What the designation parser says about a designation it had to guess at or could not read: one row per
problem code — severity, message (Chinese, English) and fix (English; :data:`FIX_ZH` the Chinese). The parser
(:mod:`minestd.designation`) fills the {placeholders}. Pure data."""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .model import Severity

__all__ = ["FIX_ZH"]

_PROBLEMS: Mapping[str, tuple[Severity, str, str, str]] = MappingProxyType({
    "empty": ("error", "标准编号为空", "designation is empty",
              "enter a designation such as 'GB/T 15259-2008'"),
    "unparseable": ("error", "无法识别标准编号 '{text}'", "no standard designation found in '{text}'",
                    "write it as CODE NUMBER-YEAR, e.g. 'GB/T 15259-2008' or 'AQ 1029-2019'"),
    "unknown_code": ("error", "未知的标准代号 '{code}'", "unknown standard code '{code}'",
                     "use a known code such as GB, GB/T, AQ, MT, KA, DB51/T, T/XXX (enterprise: Q/XXX)"),
    "invalid_region": ("error", "地方标准代号 'DB{region}' 中的省级行政区划代码 '{region}' 无效",
                       "invalid province code '{region}' in local standard code 'DB{region}'",
                       "use a 2-digit province code such as 14 (山西), 51 (四川), 61 (陕西), 65 (新疆)"),
    "ambiguous_code": ("error", "代号 '{code}' 缺少 2 位省级行政区划代码, 无法区分地方标准与地震行业标准 (DB/T)",
                       "code '{code}' has no 2-digit province code: neither a local standard nor seismic DB/T",
                       "write a local standard as 'DB51/T 1412-2011' (province code, slash, T)"),
    "ambiguous_gbz": ("warning", "'{canonical}' 按国家职业卫生标准 GBZ 解释; 若指 GB/Z 请补斜线",
                      "'{canonical}' read as occupational-health code GBZ; it may be GB/Z with the slash dropped",
                      "write 'GB/Z {number}' if a guidance document (指导性技术文件) is meant"),
    "truncated_number": ("error", "标准编号缺少顺序号: '{text}'", "designation has no standard number: '{text}'",
                         "add the number after the code, e.g. '{code} 1234-2020'"),
    "invalid_number": ("error", "顺序号 '{number}' 不是自然数", "standard number '{number}' is not a natural number",
                       "check the number against the published standard"),
    "ambiguous_number": ("error", "顺序号 '{number}' 过长, 年号可能粘连在顺序号上",
                         "standard number '{number}' is too long; the year may be glued to it",
                         "separate number and year with a hyphen, e.g. '{code} 0001-2024'"),
    "truncated_year": ("error", "年号不完整: '{text}'", "incomplete year in '{text}'",
                       "write the year with 4 digits, e.g. '{code} {number}-2020'"),
    "impossible_year": ("error", "年号 '{year}' 不可能 (应为 {lo}–{hi} 之间的 4 位年份)",
                        "impossible year '{year}' (expected a 4-digit year {lo}–{hi})",
                        "check the year against the published standard"),
    "future_year": ("error", "年号 {year} 晚于今年 ({today})", "year {year} is after this year ({today})",
                    "check the year; an unpublished standard has no year yet"),
    "missing_year": ("warning", "标准编号未注年号 (不注日期引用): '{canonical}'",
                     "undated designation '{canonical}' (undated reference)",
                     "add the year of the edition meant, e.g. '{canonical}-2020', unless an undated reference is intended"),
    "two_digit_year": ("info", "两位年号 '{yy}' 按 {year} 解释 (year_digits=2)",
                       "2-digit year '{yy}' read as {year} (year_digits=2)",
                       "write the 4-digit year {year}"),
    "edition_before_year": ("warning", "版本年 {edition} 早于发布年 {year}",
                            "edition year {edition} is before the standard's year {year}",
                            "check the '(YYYY年版)' suffix against the published standard"),
    "legacy_local_mandatory": ("warning", "'{canonical}' 为强制性地方标准 (2018 年前的旧形式, 现行地方标准均为推荐性 /T)",
                               "'{canonical}' is a mandatory local standard (pre-2018 form; local standards are now /T)",
                               "check whether 'DB{region}/T' was meant; keep as is only for a pre-2018 mandatory local standard"),
    "multiple_designations": ("warning", "文本中有多个标准编号, 只取 '{canonical}'",
                              "the text holds several designations; only '{canonical}' was taken",
                              "put one designation per cell"),
    "normalised": ("info", "标准编号已规范化为 '{canonical}'", "designation normalised to '{canonical}'",
                   "write it as '{canonical}'"),
})

#: The fixes in Chinese (shown first: "中文 / English").
FIX_ZH: Mapping[str, str] = MappingProxyType({
    "empty": "填写标准编号，如 'GB/T 15259-2008'",
    "unparseable": "按“代号 顺序号-年号”书写，如 'GB/T 15259-2008' 或 'AQ 1029-2019'",
    "unknown_code": "使用已知的标准代号，如 GB、GB/T、AQ、MT、KA、DB51/T、T/XXX（企业标准 Q/XXX）",
    "invalid_region": "使用 2 位省级行政区划代码，如 14（山西）、51（四川）、61（陕西）、65（新疆）",
    "ambiguous_code": "地方标准写作 'DB51/T 1412-2011'（省级代码、斜线、T）",
    "ambiguous_gbz": "若指指导性技术文件，写作 'GB/Z {number}'",
    "truncated_number": "在代号后补上顺序号，如 '{code} 1234-2020'",
    "invalid_number": "对照已发布的标准核对顺序号",
    "ambiguous_number": "用连字符分开顺序号和年号，如 '{code} 0001-2024'",
    "truncated_year": "年号写 4 位，如 '{code} {number}-2020'",
    "impossible_year": "对照已发布的标准核对年号",
    "future_year": "核对年号；尚未发布的标准还没有年号",
    "missing_year": "补上所指版本的年号，如 '{canonical}-2020'（有意不注日期引用的除外）",
    "two_digit_year": "年号写 4 位：{year}",
    "edition_before_year": "对照已发布的标准核对“(YYYY年版)”后缀",
    "legacy_local_mandatory": "核对是否应为 'DB{region}/T'；只有 2018 年前的强制性地方标准保持原样",
    "multiple_designations": "每个单元格只写一个标准编号",
    "normalised": "写作 '{canonical}'",
})
