# Turns the benchmark generator's bundle into one province's training year (2026).
import json, sys, datetime, random
d = json.load(open(sys.argv[1]))
plan = [
  ("Kiến thức về giới và bình đẳng giới cho cán bộ cấp xã", "gender-knowledge", "2026-02-24", 2, "completed"),
  ("Tập huấn giảng viên nguồn về bình đẳng giới", "tot-gender-equality", "2026-03-10", 3, "completed"),
  ("Lồng ghép giới trong xây dựng văn bản quy phạm pháp luật", "gender-mainstreaming", "2026-03-24", 2, "completed"),
  ("Phòng ngừa, ứng phó với bạo lực trên cơ sở giới", "gender-knowledge", "2026-04-14", 2, "completed"),
  ("Truyền thông về bình đẳng giới tại cộng đồng dân tộc thiểu số", "communication", "2026-05-05", 2, "completed"),
  ("Kỹ năng lãnh đạo cho nữ cán bộ trong diện quy hoạch", "other", "2026-05-19", 2, "completed"),
  ("Tập huấn giảng viên nguồn về phòng ngừa bạo lực giới", "tot-gbv", "2026-06-09", 3, "completed"),
  ("Lồng ghép giới trong kế hoạch phát triển kinh tế - xã hội", "gender-mainstreaming", "2026-06-23", 2, "completed"),
  ("Bình đẳng giới trong gia đình cho hội viên phụ nữ", "communication", "2026-07-14", 2, "completed"),
  ("Kiến thức về giới cho cán bộ Ban vì sự tiến bộ phụ nữ", "gender-knowledge", "2026-08-18", 2, "completed"),
  ("Phòng chống mua bán người và bạo lực gia đình", "gender-knowledge", "2026-09-15", 2, "completed"),
  ("Tháng hành động vì bình đẳng giới: tập huấn cấp xã", "communication", "2026-11-10", 2, "completed"),
  ("Thống kê giới và số liệu tách biệt theo giới tính", "gender-mainstreaming", "2026-11-26", 2, "open"),
  ("Tập huấn giảng viên nguồn về lồng ghép giới", "tot-gender-equality", "2026-12-08", 3, "planned"),
  ("Tổng kết công tác bình đẳng giới năm 2026", "other", "2026-12-22", 1, "planned"),
]
rand = random.Random(3)
for i, (c, (title, type_, start, days, status)) in enumerate(zip(d["courses"], plan)):
    s0 = datetime.date.fromisoformat(start)
    c["code"] = "LCU-2026-%02d" % (i + 1)
    c["title"] = title
    c["type"] = type_
    c["start_date"] = start
    c["end_date"] = (s0 + datetime.timedelta(days=days - 1)).isoformat()
    c["status"] = status
    keep = {s["id"] for s in c["sessions"][: 2 * days]}
    for k, s in enumerate(c["sessions"][: 2 * days]):
        s["date"] = (s0 + datetime.timedelta(days=k // 2)).isoformat()
    c["sessions"] = c["sessions"][: 2 * days]
    enr = c["enrollments"][: rand.randint(14, len(c["enrollments"]))]
    for e in enr:
        e["attendance"] = {k: v for k, v in e.get("attendance", {}).items()
                           if k in keep and status == "completed"}
    c["enrollments"] = enr
d["courses"] = d["courses"][: len(plan)]
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
