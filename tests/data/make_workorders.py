"""Write the sample 12345 work-order spreadsheets used by the tests and the README.

    .venv/bin/python tests/data/make_workorders.py

Writes ``workorders.xlsx`` (date cells, as the 12345 system's Excel export) and
``workorders.csv`` (GB18030, what Excel on a Chinese Windows saves) next to this script. The
content is fixed (no randomness, no clock); the .xlsx is re-zipped with fixed timestamps so that
regenerating gives the same bytes. Invented residents, invented phone numbers.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ESTATE = "北京市丰台区六里桥街道丰台路口社区望园西里北区"
HEADERS = [
    "序号",
    "工单编号",
    "来电时间",
    "来电人",
    "联系电话",
    "诉求地址",
    "诉求内容",
    "诉求类别",
    "承办单位",
    "办理时限",
]

# (work-order number, received, caller, phone, address after the estate name, complaint)
ORDERS = [
    (
        "KF2609010031",
        "2026-09-01 08:12:40",
        "刘女士",
        "13800000101",
        "3号楼2单元",
        "3号楼2单元楼道灯坏了好几天了，晚上上下楼看不见，老人差点摔倒，希望尽快修好。",
    ),
    (
        "KF2609030118",
        "2026-09-03 19:45:02",
        "张先生",
        "13800000102",
        "北门",
        "北门垃圾站垃圾满了两天没人清运，味道很大，还招苍蝇，请物业及时处理。",
    ),
    (
        "KF2609070052",
        "2026-09-07 10:03:15",
        "李大爷",
        "13800000103",
        "1号楼1单元602",
        "顶楼家里天花板渗水，下雨就漏雨，墙皮都掉了，之前反映过没人管。",
    ),
    (
        "KF2609120207",
        "2026-09-12 21:30:48",
        "赵女士",
        "",
        "小区主路",
        "小区主路上有一辆僵尸车停了半年多，占道影响消防通道，请协调挪走。",
    ),
    (
        "KF2609150044",
        "2026-09-15 07:55:21",
        "孙先生",
        "13800000105",
        "2号楼4单元",
        "2号楼4单元下水管道堵塞，一楼厨房返水，味道很难闻。",
    ),
    (
        "KF2609200163",
        "2026-09-20 16:20:09",
        "周阿姨",
        "13800000106",
        "共享花园",
        "共享花园里有人私自圈地种菜，还用了农家肥，气味大，希望物业管一管。",
    ),
    (
        "KF2609260011",
        "2026-09-26 09:41:37",
        "吴先生",
        "138****0107",
        "晾晒区",
        "晾晒区的晾衣杆断了一根，被子没地方晒。",
    ),
    (
        "KF2610020075",
        "2026-10-02 13:14:55",
        "郑女士",
        "13800000108",
        "4号楼3单元",
        "4号楼3单元的单元门闭门器坏了，门关不上，晚上有陌生人进出，不安全。",
    ),
    (
        "KF2610080139",
        "2026-10-08 18:02:30",
        "王先生",
        "13800000109",
        "小广场",
        "小广场的健身器材有一个螺丝松动了，孩子玩的时候晃得厉害，担心出事。",
    ),
    (
        "KF2610110090",
        "2026-10-11 11:26:44",
        "冯女士",
        "010-63000109",
        "1号楼3单元",
        "对今年物业费收费标准有疑问，希望物业公示收费依据和明细。",
    ),
    (
        "KF2610150027",
        "2026-10-15 08:30:00",
        "陈大爷",
        "13800000111",
        "停车场",
        "停车场晚上乱停车，电动车也停在车位上，汽车停不进去。",
    ),
    (
        "KF2610190188",
        "2026-10-19 20:48:12",
        "褚女士",
        "13800000112",
        "3号楼5单元",
        "3号楼5单元楼道里堆了很多杂物和旧家具，堵住了楼梯，存在消防隐患。",
    ),
    (
        "KF2610230064",
        "2026-10-23 14:05:33",
        "卫先生",
        "13800000113",
        "南门",
        "南门外的路灯坏了，晚上进出小区一片漆黑。",
    ),
    (
        "KF2610280121",
        "2026-10-28 09:17:58",
        "蒋阿姨",
        "13800000114",
        "2号楼1单元301",
        "家里暖气不热，楼内管道可能有问题，请物业上门检查。",
    ),
    (
        "KF2611020036",
        "2026-11-02 07:40:26",
        "沈先生",
        "13800000115",
        "小区主路",
        "主路两边的树木好久没修剪了，树枝挡住了路灯，也刮车。",
    ),
    (
        "KF2611060170",
        "2026-11-06 17:33:41",
        "韩女士",
        "",
        "4号楼",
        "4号楼北侧落叶堆积没人扫，下雨后积水，路面很滑。",
    ),
    (
        "KF2611100058",
        "2026-11-10 10:10:10",
        "杨先生",
        "13800000117",
        "垃圾站",
        "垃圾站旁边的大件垃圾堆了一周了，请尽快清运。",
    ),
    (
        "KF2611140102",
        "2026-11-14 15:22:05",
        "朱女士",
        "13800000118",
        "1号楼2单元",
        "1号楼2单元的声控灯不灵，要使劲跺脚才亮。",
    ),
    (
        "KF2611180049",
        "2026-11-18 08:58:47",
        "秦大爷",
        "13800000119",
        "小广场",
        "小广场的长椅坏了一条腿，老人坐着不安全，希望修理或更换。",
    ),
    (
        "KF2611220133",
        "2026-11-22 19:05:18",
        "尤女士",
        "13800000120",
        "3号楼4单元602",
        "顶楼漏雨，屋顶防水层老化，卧室墙角发霉。",
    ),
]


def rows() -> list[list[object]]:
    out = []
    for n, (ref, received, caller, phone, where, text) in enumerate(ORDERS, start=1):
        out.append(
            [
                n,
                ref,
                datetime.fromisoformat(received),
                caller,
                phone,
                ESTATE + where,
                text,
                "物业管理",
                "六里桥街道",
                "7个工作日",
            ]
        )
    return out


def write_csv(path: Path) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows():
        row[2] = row[2].strftime("%Y-%m-%d %H:%M:%S")  # type: ignore[union-attr]
        writer.writerow(row)
    path.write_bytes(buffer.getvalue().encode("gb18030"))


def write_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "工单明细"
    sheet.append(HEADERS)
    for row in rows():
        sheet.append(row)
        sheet.cell(row=sheet.max_row, column=3).number_format = "yyyy-mm-dd hh:mm:ss"
    for column, width in zip("ABCDEFGHIJ", (6, 16, 20, 8, 14, 40, 60, 10, 12, 10), strict=True):
        sheet.column_dimensions[column].width = width
    fixed = datetime(2026, 11, 27, 9, 0, 0)
    book.properties.creator = "12345"
    book.properties.created = fixed
    book.properties.modified = fixed
    raw = io.BytesIO()
    book.save(raw)
    # Re-zip with fixed entry times: the same content gives the same bytes.
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" at save time
                import re

                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>2026-11-27T09:00:00Z\g<2>",
                    data,
                )
            fixed_info = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 27, 9, 0, 0))
            fixed_info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed_info, data)


if __name__ == "__main__":
    write_xlsx(HERE / "workorders.xlsx")
    write_csv(HERE / "workorders.csv")
    print(
        f"wrote {HERE / 'workorders.xlsx'} and {HERE / 'workorders.csv'} ({len(ORDERS)} work orders)"
    )
