"""The legal yardsticks of an agreement (docs/rules.md §7), worked by hand: 3× with the 500 yuan
floor, 2× the loss, 10× the price or 3× the loss with the 1,000 yuan floor; exact Decimals."""
from datetime import date
from decimal import Decimal

from app.domain.yardsticks import YARDSTICKS, assess

D = Decimal


def test_each_yardstick_cites_its_article_paragraph_and_types_its_term():
    cited = {y.code: (y.cite(), y.term_type) for y in YARDSTICKS}
    assert cited == {
        "cpl24": ("《中华人民共和国消费者权益保护法》第二十四条第一款", "return"),
        "cpl25": ("《中华人民共和国消费者权益保护法》第二十五条", "return"),
        "cpl55_1": ("《中华人民共和国消费者权益保护法》第五十五条第一款", "punitive"),
        "cpl55_2": ("《中华人民共和国消费者权益保护法》第五十五条第二款", "punitive"),
        "fsl148": ("《中华人民共和国食品安全法》第一百四十八条第二款", "punitive"),
    }


def test_fraud_is_three_times_the_price_and_at_least_500():
    assert assess("cpl55_1", D("3999.00")).amount == D("11997.00")
    small = assess("cpl55_1", D("88.80"))
    assert small.amount == D("500.00") and "价款88.80元的三倍，不足五百元的为五百元" in small.description
    assert assess("cpl55_1", D("166.67")).amount == D("500.01")       # 3 × 166.67, above the floor
    assert assess("cpl55_1", None).problem and assess("cpl55_1", None).amount is None


def test_defect_causing_harm_is_up_to_twice_the_loss():
    assert assess("cpl55_2", D("3999.00")).problem.startswith("请填写投诉人所受损失")
    found = assess("cpl55_2", D("3999.00"), loss=D("12000.50"))
    assert found.amount == D("24001.00") and "不超过所受损失12,000.50元的二倍" in found.description


def test_food_is_ten_times_the_price_or_three_times_the_loss_at_least_1000():
    assert assess("fsl148", D("58.00")).amount == D("1000.00")                    # 580 < 1000
    assert assess("fsl148", D("120.00")).amount == D("1200.00")
    higher_loss = assess("fsl148", D("120.00"), loss=D("900.00"))
    assert higher_loss.amount == D("2700.00") and "损失900.00元的三倍" in higher_loss.description
    assert assess("fsl148", None, loss=D("100.00")).amount == D("1000.00")
    assert assess("fsl148", None).problem


def test_returns_within_seven_days_counted_from_the_purchase():
    within = assess("cpl25", D("259.00"), purchase=date(2026, 11, 1), received=date(2026, 11, 5))
    assert within.amount == D("259.00") and "自收到退回商品之日起七日内返还商品价款259.00元" in within.description
    assert any("七日至2026年11月8日" in n for n in within.notes) and not any("已超过七日" in n for n in within.notes)
    late = assess("cpl24", D("259.00"), purchase=date(2026, 11, 1), received=date(2026, 11, 20))
    assert any("购买后已超过七日" in n for n in late.notes)
    assert "依据《中华人民共和国消费者权益保护法》第二十四条第一款" in late.description
