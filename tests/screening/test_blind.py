"""Blind screening's masking of CV text, without a database."""

from screening.blind import MASK, Masker

CV = """CURRICULUM VITAE
Wang Wei
wang.wei88@163.com | +86 138 1234 5678 | linkedin.com/in/wangwei
Date of birth: 12/05/1986 | Gender: male | Nationality: Chinese
Geburtsdatum: 12.05.1986
Born 12 May 1986 in Xi'an
Education
MSc Environmental Science, Tsinghua University, 2012
Programme Officer, 2013 - 2016, tel. (0)138-1234-5678
WANG Wei, Li Na et al. (2016) Soil carbon. https://doi.org/10.1000/xyz"""


def masked(text=CV, **kw):
    return Masker(
        names=kw.get("names", ["Wang Wei"]), phones=kw.get("phones", ["+86 138 1234 5678"])
    )(text)


def test_name_email_phone_and_links_are_masked():
    text = masked()
    for secret in ("Wang", "Wei", "wang.wei88", "163.com", "1234", "5678", "linkedin", "doi.org"):
        assert secret not in text, secret
    assert MASK in text


def test_personal_labels_keep_the_label_and_lose_the_value():
    text = masked()
    assert f"Date of birth: {MASK}" in text
    assert "1986" not in text
    assert "male" not in text and "Chinese" not in text
    assert "Geburtsdatum:" in text


def test_the_rest_of_the_cv_stays_readable():
    text = masked()
    assert "MSc Environmental Science, Tsinghua University, 2012" in text
    assert "2013 - 2016" in text
    assert "Li Na et al. (2016) Soil carbon." in text


def test_accented_names_match_with_or_without_accents():
    text = Masker(names=["Élodie Lefèvre"])("Elodie LEFEVRE, Paris; élodie lefèvre")
    assert "lodie" not in text.lower() and "lef" not in text.lower()


def test_chinese_script_names_are_masked():
    assert "王伟" not in Masker(names=["王伟"])("姓名：王伟  电话：13812345678")


def test_empty_text_stays_empty():
    assert Masker(names=["A B"])("") == ""
