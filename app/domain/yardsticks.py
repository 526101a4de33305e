"""Legal yardsticks a mediator may cite in an agreement (docs/rules.md §7), computed from the case's
amount and dates: CPL Art. 24 and 25 (return), CPL Art. 55 para. 1 (fraud: three times the price,
at least 500 yuan) and para. 2 (knowingly defective goods causing death or serious harm: up to
twice the loss), FSL Art. 148 para. 2 (food: ten times the price or three times the loss, at least
1,000 yuan). Each proposes an agreement term of its type — the punitive ones are typed 加倍赔偿, so
that they count in the statistics — with its citation in the description. Money is Decimal.

The rule texts are the laws' own words (CPL as amended 2013, FSL as amended 2021), shortened
only where marked with "……"."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from app.domain.citations import Citation
from app.domain.money import format_yuan

CPL = "《中华人民共和国消费者权益保护法》"
FSL = "《中华人民共和国食品安全法》"
CENT = Decimal("0.01")
SEVEN_DAYS = timedelta(days=7)


@dataclass(frozen=True)
class Yardstick:
    code: str
    law: str
    citation: Citation
    name: str              # what the list shows after the citation
    rule: str              # the law's words
    term_type: str         # the agreement term it proposes (TERM_TYPES)
    uses_loss: bool = False

    def cite(self) -> str:
        return self.law + self.citation.text()

    def choice_label(self) -> str:
        short = "消法" if self.law == CPL else "食品安全法"
        return f"{short}{self.citation.text()}　{self.name}"


YARDSTICKS: tuple[Yardstick, ...] = (
    Yardstick("cpl24", CPL, Citation(24, 1), "不符合质量要求：七日内退货",
              "经营者提供的商品或者服务不符合质量要求的，消费者可以依照国家规定、当事人约定退货，或者要求经营者"
              "履行更换、修理等义务。没有国家规定和当事人约定的，消费者可以自收到商品之日起七日内退货；七日后符合"
              "法定解除合同条件的，消费者可以及时退货，不符合法定解除合同条件的，可以要求经营者履行更换、修理等义务。",
              "return"),
    Yardstick("cpl25", CPL, Citation(25), "网络、电视、电话、邮购：七日无理由退货",
              "经营者采用网络、电视、电话、邮购等方式销售商品，消费者有权自收到商品之日起七日内退货，且无需说明"
              "理由，但下列商品除外：（一）消费者定作的；（二）鲜活易腐的；（三）在线下载或者消费者拆封的音像制品、"
              "计算机软件等数字化商品；（四）交付的报纸、期刊。……消费者退货的商品应当完好。经营者应当自收到退回"
              "商品之日起七日内返还消费者支付的商品价款。退回商品的运费由消费者承担；经营者和消费者另有约定的，"
              "按照约定。", "return"),
    Yardstick("cpl55_1", CPL, Citation(55, 1), "欺诈：价款三倍增加赔偿，不足五百元的为五百元",
              "经营者提供商品或者服务有欺诈行为的，应当按照消费者的要求增加赔偿其受到的损失，增加赔偿的金额为"
              "消费者购买商品的价款或者接受服务的费用的三倍；增加赔偿的金额不足五百元的，为五百元。法律另有规定"
              "的，依照其规定。", "punitive"),
    Yardstick("cpl55_2", CPL, Citation(55, 2), "明知缺陷致死亡或健康严重损害：损失二倍以下",
              "经营者明知商品或者服务存在缺陷，仍然向消费者提供，造成消费者或者其他受害人死亡或者健康严重损害的，"
              "受害人有权要求经营者依照本法第四十九条、第五十一条等法律规定赔偿损失，并有权要求所受损失二倍以下"
              "的惩罚性赔偿。", "punitive", uses_loss=True),
    Yardstick("fsl148", FSL, Citation(148, 2), "食品：价款十倍或者损失三倍，不足一千元的为一千元",
              "生产不符合食品安全标准的食品或者经营明知是不符合食品安全标准的食品，消费者除要求赔偿损失外，还可以"
              "向生产者或者经营者要求支付价款十倍或者损失三倍的赔偿金；增加赔偿的金额不足一千元的，为一千元。"
              "但是，食品的标签、说明书存在不影响食品安全且不会对消费者造成误导的瑕疵的除外。",
              "punitive", uses_loss=True),
)
_BY_CODE = {y.code: y for y in YARDSTICKS}


def yardstick(code: str) -> Yardstick:
    return _BY_CODE[code]


@dataclass
class Assessment:
    """What one yardstick gives for the case: the term it proposes, or why it cannot be computed."""
    yardstick: Yardstick
    amount: Decimal | None = None
    description: str = ""
    notes: list[str] = field(default_factory=list)
    problem: str | None = None        # set: nothing can be proposed (a figure is missing)


def _yuan(amount: Decimal) -> str:
    return f"{format_yuan(amount)}元"


def _times(amount: Decimal, factor: int) -> Decimal:
    return (amount * factor).quantize(CENT, ROUND_HALF_UP)


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _seven_days_note(purchase: date | None, received: date | None) -> str | None:
    """Where the seven days stand, counted from the purchase date (the goods cannot have arrived
    earlier, so the time limit ends no earlier than this)."""
    if purchase is None:
        return "未登记购买日期：七日自收到商品之日起算，请核实收货日期"
    end = purchase + SEVEN_DAYS
    text = f"自购买日起算，七日至{_day(end)}（自收到商品之日起算的，相应顺延）"
    if received is not None and received > end:
        text += f"；投诉于{_day(received)}收到，购买后已超过七日，请核实收货日期"
    return text


def assess(code: str, price: Decimal | None, loss: Decimal | None = None, purchase: date | None = None,
           received: date | None = None) -> Assessment:
    """The term yardstick `code` proposes for a case with price `price` (涉案金额), a loss the
    mediator states, and the case's dates."""
    y = yardstick(code)
    out = Assessment(y)
    if code in ("cpl24", "cpl25"):
        return _return_term(out, price, purchase, received)
    if code == "cpl55_1":
        if price is None:
            out.problem = "本案未登记涉案金额（价款），无法计算三倍赔偿；请先在“基本信息”中填写"
            return out
        tripled = _times(price, 3)
        out.amount = max(tripled, Decimal("500.00"))
        floor = "，不足五百元的为五百元" if tripled < out.amount else ""
        out.description = f"被投诉人向投诉人增加赔偿{_yuan(out.amount)}（价款{_yuan(price)}的三倍{floor}，依据{y.cite()}）"
        return out
    if code == "cpl55_2":
        if loss is None:
            out.problem = "请填写投诉人所受损失的金额：惩罚性赔偿为所受损失二倍以下"
            return out
        out.amount = _times(loss, 2)
        out.description = (f"被投诉人向投诉人支付惩罚性赔偿{_yuan(out.amount)}（不超过所受损失{_yuan(loss)}的二倍，"
                           f"依据{y.cite()}），赔偿损失另行约定")
        out.notes.append("二倍是上限：双方可以约定较低的金额")
        return out
    return _food_term(out, price, loss)


def _return_term(out: Assessment, price: Decimal | None, purchase: date | None, received: date | None) -> Assessment:
    y = out.yardstick
    out.amount = price
    money = f"，退还货款{_yuan(price)}" if price is not None else "，退还货款"
    if y.code == "cpl24":
        out.description = f"被投诉人为投诉人办理退货{money}（依据{y.cite()}）"
        out.notes.append("适用于没有国家规定和当事人约定的情形")
    else:
        out.description = (f"投诉人将商品完好退回，被投诉人自收到退回商品之日起七日内返还商品价款"
                           f"{_yuan(price) if price is not None else ''}（七日无理由退货，依据{y.cite()}）")
        out.notes.append("定作的、鲜活易腐的、在线下载或者拆封的数字化商品、交付的报纸期刊除外")
    note = _seven_days_note(purchase, received)
    if note:
        out.notes.append(note)
    return out


def _food_term(out: Assessment, price: Decimal | None, loss: Decimal | None) -> Assessment:
    y = out.yardstick
    if price is None and loss is None:
        out.problem = "本案未登记涉案金额（价款），也未填写损失：无法计算十倍价款或者三倍损失"
        return out
    options = []
    if price is not None:
        options.append((_times(price, 10), f"价款{_yuan(price)}的十倍"))
    if loss is not None:
        options.append((_times(loss, 3), f"损失{_yuan(loss)}的三倍"))
    best, how = max(options, key=lambda option: option[0])
    out.amount = max(best, Decimal("1000.00"))
    floor = "，不足一千元的为一千元" if best < out.amount else ""
    out.description = f"被投诉人向投诉人支付赔偿金{_yuan(out.amount)}（{how}{floor}，依据{y.cite()}）"
    if len(options) == 2:
        out.notes.append("消费者可以选择价款十倍或者损失三倍，此处取较高者")
    return out
