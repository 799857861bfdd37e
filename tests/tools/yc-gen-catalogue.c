/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-gen-catalogue: a synthetic catalogue for load tests and benchmarks, in the format of
 * data/demo/catalogue.json.
 *
 *   yc-gen-catalogue --items 1007 --departments 44 [--townships 19] [--seed N] > file.json
 *   yc-gen-catalogue --uscc N     the credit codes of departments 1 … N, one a line
 *
 * Department n's unified social credit code is that of a county state organ (registration
 * authority 1, type 1), region 320826, organisation code 0141nnnnn, with its GB 32100 check
 * character; data/demo/catalogue.json's departments carry the first 21 of them.
 * Names are composed from real objects and actions (食品经营 + 许可延续), so that pinyin
 * filtering has something to bite on; the same seed gives the same file. Items are written one
 * at a time, so 100,000 items need no more memory than ten. */
#define G_LOG_DOMAIN "yc-gen-catalogue"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "yc-catalogue.h"
#include "yc-ids.h"

#define REGION "320826"

static const char * const department_names[] = {
  "发展和改革委员会", "教育体育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "司法局",
  "财政局", "人力资源和社会保障局", "自然资源和规划局", "住房和城乡建设局", "交通运输局", "水利局",
  "农业农村局", "商务局", "文化广电和旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局",
  "审计局", "市场监督管理局", "统计局", "医疗保障局", "城市管理局", "人民防空办公室", "地方金融监督管理局",
  "机关事务管理局", "档案馆", "气象局", "消防救援大队", "税务局", "残疾人联合会", "红十字会",
  "烟草专卖局", "住房公积金管理中心", "不动产登记中心", "民族宗教事务局", "粮食和物资储备局",
  "林业工作站", "侨务办公室", "科学技术协会", "数据局", "生态环境局", "行政审批服务科",
};

typedef struct
{
  const char *object;
  YcItemType  type;
} Object;

static const Object objects[] = {
  { "食品经营", YC_ITEM_TYPE_LICENSING }, { "药品零售企业", YC_ITEM_TYPE_LICENSING },
  { "医疗器械经营", YC_ITEM_TYPE_LICENSING }, { "公共场所卫生", YC_ITEM_TYPE_LICENSING },
  { "娱乐场所经营", YC_ITEM_TYPE_LICENSING }, { "道路货物运输经营", YC_ITEM_TYPE_LICENSING },
  { "道路旅客运输经营", YC_ITEM_TYPE_LICENSING }, { "出租汽车经营", YC_ITEM_TYPE_LICENSING },
  { "建设工程规划", YC_ITEM_TYPE_LICENSING }, { "乡村建设规划", YC_ITEM_TYPE_LICENSING },
  { "建筑工程施工", YC_ITEM_TYPE_LICENSING }, { "商品房预售", YC_ITEM_TYPE_LICENSING },
  { "燃气经营", YC_ITEM_TYPE_LICENSING }, { "城市建筑垃圾处置", YC_ITEM_TYPE_LICENSING },
  { "户外广告设置", YC_ITEM_TYPE_LICENSING }, { "城市道路占用挖掘", YC_ITEM_TYPE_LICENSING },
  { "取水", YC_ITEM_TYPE_LICENSING }, { "河道采砂", YC_ITEM_TYPE_LICENSING },
  { "水土保持方案", YC_ITEM_TYPE_LICENSING }, { "排污", YC_ITEM_TYPE_LICENSING },
  { "危险废物经营", YC_ITEM_TYPE_LICENSING }, { "建设项目环境影响评价", YC_ITEM_TYPE_LICENSING },
  { "农药经营", YC_ITEM_TYPE_LICENSING }, { "兽药经营", YC_ITEM_TYPE_LICENSING },
  { "种子生产经营", YC_ITEM_TYPE_LICENSING }, { "动物诊疗", YC_ITEM_TYPE_LICENSING },
  { "动物防疫条件", YC_ITEM_TYPE_LICENSING }, { "渔业捕捞", YC_ITEM_TYPE_LICENSING },
  { "林木采伐", YC_ITEM_TYPE_LICENSING }, { "烟草专卖零售", YC_ITEM_TYPE_LICENSING },
  { "出版物零售", YC_ITEM_TYPE_LICENSING }, { "印刷经营", YC_ITEM_TYPE_LICENSING },
  { "营业性演出", YC_ITEM_TYPE_LICENSING }, { "互联网上网服务营业场所", YC_ITEM_TYPE_LICENSING },
  { "民办学校办学", YC_ITEM_TYPE_LICENSING }, { "医疗机构执业", YC_ITEM_TYPE_LICENSING },
  { "母婴保健技术服务", YC_ITEM_TYPE_LICENSING }, { "放射诊疗", YC_ITEM_TYPE_LICENSING },
  { "劳务派遣经营", YC_ITEM_TYPE_LICENSING }, { "人力资源服务", YC_ITEM_TYPE_LICENSING },
  { "粮食收购", YC_ITEM_TYPE_LICENSING }, { "成品油零售经营", YC_ITEM_TYPE_LICENSING },
  { "旅行社设立", YC_ITEM_TYPE_LICENSING }, { "养老机构设立", YC_ITEM_TYPE_LICENSING },
  { "旅馆业特种行业", YC_ITEM_TYPE_LICENSING }, { "大型群众性活动安全", YC_ITEM_TYPE_LICENSING },
  { "防雷装置设计审核", YC_ITEM_TYPE_LICENSING }, { "城镇污水排入排水管网", YC_ITEM_TYPE_LICENSING },
  { "城市绿地占用", YC_ITEM_TYPE_LICENSING }, { "临时用地", YC_ITEM_TYPE_LICENSING },
  { "林地使用", YC_ITEM_TYPE_LICENSING }, { "高危险性体育项目经营", YC_ITEM_TYPE_LICENSING },
  { "代理记账机构执业", YC_ITEM_TYPE_LICENSING }, { "企业投资项目", YC_ITEM_TYPE_LICENSING },
  { "个体工商户", YC_ITEM_TYPE_CONFIRMATION }, { "社会团体", YC_ITEM_TYPE_CONFIRMATION },
  { "民办非企业单位", YC_ITEM_TYPE_CONFIRMATION }, { "不动产", YC_ITEM_TYPE_CONFIRMATION },
  { "户口", YC_ITEM_TYPE_CONFIRMATION }, { "出生", YC_ITEM_TYPE_CONFIRMATION },
  { "婚姻", YC_ITEM_TYPE_CONFIRMATION }, { "收养", YC_ITEM_TYPE_CONFIRMATION },
  { "居住证", YC_ITEM_TYPE_CONFIRMATION }, { "残疾人证", YC_ITEM_TYPE_CONFIRMATION },
  { "工伤", YC_ITEM_TYPE_CONFIRMATION }, { "特种设备使用", YC_ITEM_TYPE_CONFIRMATION },
  { "机动车驾驶人", YC_ITEM_TYPE_CONFIRMATION }, { "教师资格", YC_ITEM_TYPE_CONFIRMATION },
  { "最低生活保障", YC_ITEM_TYPE_PAYMENT }, { "临时救助", YC_ITEM_TYPE_PAYMENT },
  { "特困人员救助供养", YC_ITEM_TYPE_PAYMENT }, { "高龄津贴", YC_ITEM_TYPE_PAYMENT },
  { "失业保险金", YC_ITEM_TYPE_PAYMENT }, { "重特大疾病医疗救助", YC_ITEM_TYPE_PAYMENT },
  { "困难残疾人生活补贴", YC_ITEM_TYPE_PAYMENT }, { "优抚对象抚恤", YC_ITEM_TYPE_PAYMENT },
  { "城乡居民基本养老保险", YC_ITEM_TYPE_PUBLIC_SERVICE },
  { "城乡居民基本医疗保险", YC_ITEM_TYPE_PUBLIC_SERVICE },
  { "就业创业证", YC_ITEM_TYPE_PUBLIC_SERVICE }, { "会计人员信息", YC_ITEM_TYPE_PUBLIC_SERVICE },
  { "住房公积金", YC_ITEM_TYPE_PUBLIC_SERVICE }, { "社会保险", YC_ITEM_TYPE_PUBLIC_SERVICE },
  { "人事档案", YC_ITEM_TYPE_PUBLIC_SERVICE }, { "生育", YC_ITEM_TYPE_PUBLIC_SERVICE },
  { "固定资产投资项目节能", YC_ITEM_TYPE_OTHER }, { "建设项目用地预审", YC_ITEM_TYPE_OTHER },
  { "工程建设项目联合验收", YC_ITEM_TYPE_OTHER }, { "机动车维修经营", YC_ITEM_TYPE_OTHER },
};

static const char * const licensing_actions[] = {
  "许可", "许可变更", "许可延续", "许可注销", "许可证补领", "审批", "核准",
};
static const char * const confirmation_actions[] = {
  "登记", "变更登记", "注销登记", "证核发", "证补领", "证换领", "认定",
};
static const char * const payment_actions[] = { "申领", "待遇核定", "发放", "资格认定", };
static const char * const service_actions[] = {
  "参保登记", "信息采集", "信息变更", "证明开具", "查询", "关系转移",
};
static const char * const other_actions[] = { "审查", "备案", "意见书核发", "办理", };

static const char * const qualifiers[] = {
  "（首次申请）", "（告知承诺制）", "（跨区域迁入）", "（法人）", "（自然人）", "（县级权限）",
};

typedef struct
{
  const char      *name;
  YcMaterialFormat format;
  const char      *kind;
} Material;

static const Material materials[] = {
  { "申请书", YC_MATERIAL_FORMAT_ORIGINAL, "form" },
  { "申请人居民身份证", YC_MATERIAL_FORMAT_ORIGINAL_AND_COPY, "id-card" },
  { "营业执照", YC_MATERIAL_FORMAT_ORIGINAL_AND_COPY, "document" },
  { "法定代表人身份证明", YC_MATERIAL_FORMAT_COPY, "id-card" },
  { "授权委托书", YC_MATERIAL_FORMAT_ORIGINAL, "form" },
  { "经营场所使用证明", YC_MATERIAL_FORMAT_COPY, "document" },
  { "场所平面布局图", YC_MATERIAL_FORMAT_ORIGINAL, "document" },
  { "管理制度文本", YC_MATERIAL_FORMAT_ORIGINAL, "document" },
  { "专业技术人员资格证明", YC_MATERIAL_FORMAT_COPY, "document" },
  { "设备设施清单", YC_MATERIAL_FORMAT_ORIGINAL, "document" },
  { "检测报告", YC_MATERIAL_FORMAT_COPY, "document" },
  { "户口簿", YC_MATERIAL_FORMAT_ORIGINAL_AND_COPY, "document" },
  { "近期免冠照片", YC_MATERIAL_FORMAT_ORIGINAL, "photo" },
  { "房屋产权证明", YC_MATERIAL_FORMAT_COPY, "document" },
  { "项目批准文件", YC_MATERIAL_FORMAT_COPY, "document" },
  { "设计图纸", YC_MATERIAL_FORMAT_ELECTRONIC, "document" },
  { "安全评价报告", YC_MATERIAL_FORMAT_ORIGINAL, "document" },
  { "承诺书", YC_MATERIAL_FORMAT_ORIGINAL, "form" },
  { "章程", YC_MATERIAL_FORMAT_ORIGINAL, "document" },
  { "原证件正副本", YC_MATERIAL_FORMAT_ORIGINAL, "document" },
  { "社会保障卡", YC_MATERIAL_FORMAT_COPY, "id-card" },
  { "劳动合同", YC_MATERIAL_FORMAT_COPY, "document" },
};

static const guint legal_limits[] = { 5, 10, 15, 20, 20, 20, 30, 45, 60 };

static const char *
pick (GRand              *rand,
      const char * const *list,
      guint               n)
{
  return list[g_rand_int_range (rand, 0, n)];
}

static void
emit (JsonBuilder *builder,
      gboolean     comma)
{
  g_autoptr(JsonNode) node = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (node, FALSE);

  fputs (comma ? ",\n" : "\n", stdout);
  fputs (text, stdout);
  json_builder_reset (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *field,
            const char  *value)
{
  json_builder_set_member_name (builder, field);
  json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *field,
         gint64       value)
{
  json_builder_set_member_name (builder, field);
  json_builder_add_int_value (builder, value);
}

static char *
department_code (guint index)
{
  return g_strdup_printf (REGION "-D%03u", index + 1);
}

static char *
department_uscc (guint index)
{
  g_autofree char *body = g_strdup_printf ("11" REGION "0141%05u", index + 1);
  g_autoptr(GError) error = NULL;
  char *code = yc_uscc_complete (body, &error);

  g_assert_no_error (error);
  return code;
}

static const char * const *
actions_for (YcItemType type,
             guint     *n)
{
  switch (type)
    {
    case YC_ITEM_TYPE_LICENSING:
      *n = G_N_ELEMENTS (licensing_actions);
      return licensing_actions;
    case YC_ITEM_TYPE_CONFIRMATION:
      *n = G_N_ELEMENTS (confirmation_actions);
      return confirmation_actions;
    case YC_ITEM_TYPE_PAYMENT:
      *n = G_N_ELEMENTS (payment_actions);
      return payment_actions;
    case YC_ITEM_TYPE_PUBLIC_SERVICE:
      *n = G_N_ELEMENTS (service_actions);
      return service_actions;
    case YC_ITEM_TYPE_OTHER:
    default:
      *n = G_N_ELEMENTS (other_actions);
      return other_actions;
    }
}

static void
emit_item (JsonBuilder *builder,
           GRand       *rand,
           guint        index,
           guint        n_departments,
           guint        n_townships)
{
  const Object *object = &objects[g_rand_int_range (rand, 0, G_N_ELEMENTS (objects))];
  guint department = g_rand_int_range (rand, 0, n_departments);
  g_autofree char *dept = department_code (department);
  g_autofree char *code = g_strdup_printf ("%s-%06u", dept, index + 1);
  g_autofree char *basic = g_strdup_printf ("%02u%010u", (guint) object->type, index + 1);
  g_autofree char *name = NULL;
  guint legal = legal_limits[g_rand_int_range (rand, 0, G_N_ELEMENTS (legal_limits))];
  /* About a fifth of the legal limit, as after the reform (80.9 % shorter on average). */
  guint committed = (guint) (legal * g_rand_double_range (rand, 0.08, 0.32) + 0.5);
  gboolean allows_missing = g_rand_int_range (rand, 0, 5) == 0;
  guint n_materials = g_rand_int_range (rand, 2, 7);
  const char * const *actions;
  guint n_actions;
  GString *str;

  committed = CLAMP (committed, 1, legal);
  actions = actions_for (object->type, &n_actions);
  str = g_string_new (object->object);
  g_string_append (str, pick (rand, actions, n_actions));
  if (g_rand_int_range (rand, 0, 4) == 0)
    g_string_append (str, pick (rand, qualifiers, G_N_ELEMENTS (qualifiers)));
  name = g_string_free (str, FALSE);

  json_builder_begin_object (builder);
  add_string (builder, "code", code);
  add_string (builder, "basic_code", basic);
  add_int (builder, "version", 1);
  add_string (builder, "name", name);
  add_string (builder, "type", yc_item_type_to_string (object->type));
  add_string (builder, "department_code", dept);
  add_string (builder, "legal_basis", "《中华人民共和国行政许可法》");
  add_int (builder, "legal_limit", legal);
  add_int (builder, "committed_limit", committed);
  add_string (builder, "phone", "0517-82361200");
  json_builder_set_member_name (builder, "allows_missing");
  json_builder_add_boolean_value (builder, allows_missing);

  json_builder_set_member_name (builder, "materials");
  json_builder_begin_array (builder);
  for (guint m = 0, start = g_rand_int_range (rand, 0, G_N_ELEMENTS (materials));
       m < n_materials; m++)
    {
      const Material *material = &materials[(start + m) % G_N_ELEMENTS (materials)];
      g_autofree char *material_code = g_strdup_printf ("M%02u", m + 1);

      json_builder_begin_object (builder);
      add_string (builder, "code", material_code);
      add_string (builder, "name", material->name);
      add_string (builder, "format", yc_material_format_to_string (material->format));
      add_string (builder, "kind", material->kind);
      /* The first material is always essential; later ones may wait under 容缺受理. */
      json_builder_set_member_name (builder, "essential");
      json_builder_add_boolean_value (builder, !(allows_missing && m > 0 && m % 2 == 0));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  /* One item in five is delegated to some townships (县乡通办). */
  json_builder_set_member_name (builder, "townships");
  json_builder_begin_array (builder);
  if (n_townships > 0 && g_rand_int_range (rand, 0, 5) == 0)
    {
      for (guint t = 0; t < n_townships; t++)
        {
          g_autofree char *township = g_strdup_printf (REGION "%03u", 100 + t);

          if (g_rand_boolean (rand))
            json_builder_add_string_value (builder, township);
        }
    }
  json_builder_end_array (builder);

  /* One in thirty is a parallel (并联) item across up to three other departments. */
  json_builder_set_member_name (builder, "parallel_departments");
  json_builder_begin_array (builder);
  if (n_departments > 1 && g_rand_int_range (rand, 0, 30) == 0)
    {
      for (guint p = 1; p <= MIN (3, n_departments - 1); p++)
        {
          g_autofree char *other = department_code ((department + p) % n_departments);

          json_builder_add_string_value (builder, other);
        }
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

int
main (int   argc,
      char *argv[])
{
  gint64 n_items = 1007;
  gint64 n_departments = 44;
  gint64 n_townships = 19;
  gint64 seed = 1;
  gint64 n_usccs = 0;
  const GOptionEntry entries[] = {
    { "uscc", 0, 0, G_OPTION_ARG_INT64, &n_usccs,
      "Only print the credit codes of departments 1 … N", "N" },
    { "items", 0, 0, G_OPTION_ARG_INT64, &n_items, "Number of service items (1007)", "N" },
    { "departments", 0, 0, G_OPTION_ARG_INT64, &n_departments, "Number of departments (44)",
      "N" },
    { "townships", 0, 0, G_OPTION_ARG_INT64, &n_townships, "Number of townships (19)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed; the same seed, the same file", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("> catalogue.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GRand) rand = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Writes a synthetic service catalogue as JSON.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("yc-gen-catalogue: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (n_usccs < 0 || n_usccs > 99999)
    {
      g_printerr ("yc-gen-catalogue: need 0 ≤ uscc ≤ 99999\n");
      return EXIT_FAILURE;
    }
  for (guint d = 0; d < n_usccs; d++)
    {
      g_autofree char *uscc = department_uscc (d);

      printf ("%s\n", uscc);
    }
  if (n_usccs > 0)
    return EXIT_SUCCESS;
  if (n_items < 0 || n_items > 10000000 || n_departments < 1 || n_departments > 999
      || n_townships < 0 || n_townships > 899)
    {
      g_printerr ("yc-gen-catalogue: need 0 ≤ items ≤ 10000000, 1 ≤ departments ≤ 999, "
                  "0 ≤ townships ≤ 899\n");
      return EXIT_FAILURE;
    }

  rand = g_rand_new_with_seed ((guint32) seed);

  fputs ("{\"departments\": [", stdout);
  for (guint d = 0; d < n_departments; d++)
    {
      g_autofree char *code = department_code (d);
      g_autofree char *uscc = department_uscc (d);
      const char *base = department_names[d % G_N_ELEMENTS (department_names)];
      g_autofree char *name = NULL;

      if (d < G_N_ELEMENTS (department_names))
        name = g_strdup_printf ("涟水县%s", base);
      else
        name = g_strdup_printf ("涟水县%s第%u分局", base, d / (guint) G_N_ELEMENTS (department_names));

      json_builder_begin_object (builder);
      add_string (builder, "code", code);
      add_string (builder, "name", name);
      add_string (builder, "short_name", base);
      add_string (builder, "uscc", uscc);
      json_builder_end_object (builder);
      emit (builder, d > 0);
    }

  fputs ("],\n\"townships\": [", stdout);
  for (guint t = 0; t < n_townships; t++)
    {
      g_autofree char *code = g_strdup_printf (REGION "%03u", 100 + t);
      g_autofree char *name = g_strdup_printf ("第%u镇", t + 1);

      json_builder_begin_object (builder);
      add_string (builder, "code", code);
      add_string (builder, "name", name);
      json_builder_end_object (builder);
      emit (builder, t > 0);
    }

  fputs ("],\n\"windows\": [", stdout);
  for (guint w = 0; w < 16 + n_townships; w++)
    {
      g_autofree char *code = NULL;
      g_autofree char *name = NULL;
      g_autofree char *township = NULL;

      if (w < 16)
        {
          code = g_strdup_printf ("C%02u", w + 1);
          name = g_strdup_printf ("综合受理%u号窗口", w + 1);
        }
      else
        {
          code = g_strdup_printf ("T%03uW1", w - 15);
          name = g_strdup_printf ("第%u镇便民服务中心窗口", w - 15);
          township = g_strdup_printf (REGION "%03u", 100 + w - 16);
        }

      json_builder_begin_object (builder);
      add_string (builder, "code", code);
      add_string (builder, "name", name);
      if (township != NULL)
        add_string (builder, "township_code", township);
      json_builder_end_object (builder);
      emit (builder, w > 0);
    }

  fputs ("],\n\"items\": [", stdout);
  for (guint i = 0; i < n_items; i++)
    {
      emit_item (builder, rand, i, n_departments, n_townships);
      emit (builder, i > 0);
    }
  fputs ("]}\n", stdout);

  if (fflush (stdout) != 0 || ferror (stdout))
    {
      g_printerr ("yc-gen-catalogue: cannot write the catalogue\n");
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}
