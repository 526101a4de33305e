"""Synthetic but realistic people, businesses and complaint texts for demo data.

Every ID number and credit code carries a correct check character, phones are well formed,
and some names use rare characters (堃 喆 頔 𠮷) that documents must still print.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from app.domain.validators import CREDIT_ALPHABET, credit_code_check_char, resident_id_check_char

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
            "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎"
            "贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧阳司马诸葛")
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强文斌海燕玉兰红梅晓东春梅丹俊峰雪梅子涵浩然欣怡梓轩雨桐宇航佳怡"
RARE = ["堃", "喆", "頔", "𠮷", "昇", "璟", "琍", "淼", "犇", "赟"]
REGIONS = ["110105", "310104", "330102", "330481", "340103", "350203", "370102", "410105",
           "420106", "430104", "440106", "510107", "520102", "610113", "130102", "320106"]
TOWNS = ["城关镇", "新安镇", "龙泉镇", "桃源乡", "河西街道", "东城街道", "白沙镇", "青山乡"]
STREETS = ["人民路", "解放路", "建设路", "中山路", "文化路", "新华街", "幸福路", "工业园路", "滨江路"]
DEMO_FOLLOWERS = ["周文", "吴敏", "郑华"]
SHOP_WORDS = ["鑫源", "华联", "惠民", "金鼎", "恒通", "万家", "佳美", "永盛", "兴隆", "福瑞", "大众",
              "诚信", "宏达", "德润", "天成", "嘉禾", "四季", "百姓", "安康", "明珠"]

GOODS = {
    "G0101": ["空调", "冰箱", "洗衣机", "电热水器", "油烟机", "电视机"],
    "G0102": ["手机", "智能手表", "蓝牙耳机"], "G0103": ["笔记本电脑", "平板电脑", "打印机"],
    "G0201": ["羽绒服", "西装", "童装"], "G0202": ["运动鞋", "皮鞋"], "G0301": ["月饼", "牛奶", "散装熟食"],
    "G0302": ["保健品"], "G0401": ["白酒", "葡萄酒"], "G0402": ["果汁饮料"], "G0501": ["商品房"],
    "G0502": ["瓷砖", "木地板"], "G0601": ["面霜", "洗发水"], "G0602": ["保温杯", "电动牙刷"],
    "G0603": ["沙发", "衣柜"], "G0701": ["黄金手镯", "翡翠挂件"], "G0702": ["儿童自行车"],
    "G0801": ["感冒药"], "G0802": ["血压计", "助听器"], "G0901": ["轿车", "轮胎"], "G0902": ["电动自行车"],
    "G1001": ["玉米种子", "水稻种子"], "G1002": ["复合肥"], "G1003": ["除草剂"],
    "S0101": ["婚宴", "餐饮"], "S0102": ["酒店住宿"], "S0103": ["美容护理套餐", "美发"],
    "S0104": ["健身预付卡", "洗车预付卡"], "S0105": ["干洗"], "S0201": ["家装工程"], "S0202": ["物业服务"],
    "S0301": ["跟团游"], "S0401": ["游泳健身年卡"], "S0501": ["快递"], "S0601": ["手机套餐"],
    "S0602": ["宽带"], "S0701": ["会员订阅"], "S0702": ["游戏充值"], "S0801": ["信用卡年费"],
    "S0901": ["意外险"], "S1001": ["口腔治疗"], "S1101": ["少儿英语培训", "驾驶培训"],
    "S1201": ["燃气安装"], "S1301": ["网购商品"], "S1302": ["直播间商品"], "O0101": ["其他消费"],
}

PROBLEMS = {
    "N01": "出现质量问题，{goods}{fault}",
    "N02": "出现故障后商家拖延维修，售后服务承诺未兑现",
    "N03": "商家未按合同约定履行，擅自变更服务内容",
    "N04": "实际情况与宣传不符，商家存在夸大宣传",
    "N05": "使用中存在安全隐患，{goods}{fault}",
    "N06": "结账时发现实际收费高于明码标价",
    "N07": "经鉴别疑为假冒产品",
    "N08": "复称发现短斤缺两",
    "N09": "在消费过程中遭到工作人员辱骂",
    "N10": "与商家就退换事宜发生纠纷",
}
FAULTS = ["开机后无法正常使用", "多次维修仍未修好", "出现异响", "外观开裂", "不能正常充电", "有异味"]
REQUESTS = {
    "return": "退货", "refund": "退还全部费用", "repair": "免费维修", "replace": "更换同型号新品",
    "compensate": "赔偿损失", "punitive": "按法律规定三倍赔偿",
}


def person_name(rng: random.Random) -> str:
    surname = rng.choice(SURNAMES[:-6]) if rng.random() > 0.02 else rng.choice(["欧阳", "司马", "诸葛"])
    if rng.random() < 0.03:
        return surname + rng.choice(RARE)
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def resident_id(rng: random.Random, today: date) -> tuple[str, date, str]:
    born = date(1950, 1, 1) + timedelta(days=rng.randrange((today - date(1950, 1, 1)).days - 18 * 366))
    body = f"{rng.choice(REGIONS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    gender = "male" if int(body[16]) % 2 else "female"
    return body + resident_id_check_char(body), born, gender


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10 ** 9):09d}"


def address(rng: random.Random, county: str) -> str:
    return f"{county}{rng.choice(TOWNS)}{rng.choice(STREETS)}{rng.randrange(1, 300)}号"


def credit_code(rng: random.Random) -> str:
    body = "92" + "".join(rng.choice("0123456789") for _ in range(6)) + "".join(
        rng.choice(CREDIT_ALPHABET) for _ in range(9))
    return body + credit_code_check_char(body)


def business_name(rng: random.Random, county: str, goods: str) -> str:
    kind = rng.choice(["商行", "专卖店", "有限公司", "经营部", "服务中心"])
    return f"{county}{rng.choice(SHOP_WORDS)}{goods}{kind}"


def facts(rng: random.Random, goods: str, nature: str, purchase: date, amount) -> str:
    problem = PROBLEMS.get(nature, PROBLEMS["N10"]).format(goods=goods, fault=rng.choice(FAULTS))
    return (f"投诉人于{purchase:%Y年%m月%d日}购买/接受{goods}，支付{amount}元。"
            f"此后{problem}。投诉人多次与经营者协商未果，遂向本会投诉。")


def request_text(types: list[str]) -> str:
    return "要求经营者" + "、".join(REQUESTS.get(t, "妥善处理") for t in types) + "。"
