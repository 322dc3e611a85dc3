"""The kinds of message the system sends: their placeholders and default wording (en, zh-hans).

Plain data. HR edits the wording (messaging.services.template_save); these defaults are the
first version of every template and what "reset" goes back to. A kind's placeholders are the
only names its templates may use; `secret` placeholders (the applicant's status link) are
filled in only when the message is sent, so no secret is stored in the outbox.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("en", "zh-hans")

# Placeholders most messages to an applicant have.
APPLICANT = {
    "name": _("the applicant's full name"),
    "job": _("the job title"),
    "ref": _("the job reference"),
    "organisation": _("the organisation's name"),
}


@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise
    placeholders: Mapping[str, Promise]
    # language -> (subject, body)
    defaults: dict[str, tuple[str, str]]
    # What `key` narrows this kind by ("stage", "rejection_reason", "notice", ""): a keyed template
    # applies to that stage or reason only, the blank key to all the others.
    keyed_by: str = ""
    multiline: frozenset[str] = frozenset()
    secret: frozenset[str] = frozenset()
    to_applicant: bool = True


def _kind(code: str, label: Promise, placeholders: Mapping[str, Promise], **kw: object) -> Kind:
    return Kind(code=code, label=label, placeholders=placeholders, **kw)  # type: ignore[arg-type]


_SIGN_EN = "\n\nWith kind regards,\nThe recruitment team, {organisation}"
_SIGN_ZH = "\n\n此致\n{organisation} 招聘组"

# "Your application is now: Under review", for stages and for withdrawn or reopened ones.
_STATUS_DEFAULTS = {
    "en": (
        "Your application for {job}: {status}",
        "Dear {name},\n\nThe status of your application for {job} ({ref}) is now: {status}."
        + _SIGN_EN,
    ),
    "zh-hans": (
        "您对{job}的申请：{status}",
        "{name}，您好：\n\n您对{job}（{ref}）的申请状态已更新为：{status}。" + _SIGN_ZH,
    ),
}

KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.code] = kind
    return kind


register(
    _kind(
        "submission_received",
        _("Submission received (with the status link)"),
        {**APPLICANT, "status_url": _("the applicant's private status link")},
        secret=frozenset({"status_url"}),
        defaults={
            "en": (
                "We received your application for {job}",
                "Dear {name},\n\nThank you for applying for {job} ({ref}). Follow the status of "
                "your application, or withdraw it, at this private link:\n{status_url}\n\nKeep "
                "it to yourself: anyone with the link can see your application's status."
                + _SIGN_EN,
            ),
            "zh-hans": (
                "我们已收到您对{job}的申请",
                "{name}，您好：\n\n感谢您申请{job}（{ref}）。您可以通过以下专属链接查看申请进度或撤回申请："
                "\n{status_url}\n\n请勿转发此链接：任何持有该链接的人都能看到您的申请状态。"
                + _SIGN_ZH,
            ),
        },
    )
)
register(
    _kind(
        "status_link",
        _("Status link sent again (applied twice)"),
        {**APPLICANT, "status_url": _("the applicant's private status link")},
        secret=frozenset({"status_url"}),
        defaults={
            "en": (
                "Your status link for {job}",
                "Dear {name},\n\nSomeone, perhaps you, tried to apply again for {job} ({ref}) "
                "with this e-mail address. Your application stands as it was; nothing was "
                "changed. Follow it at this private link (links we sent you before still "
                "work):\n{status_url}\n\nIf this was not you, you need not do anything." + _SIGN_EN,
            ),
            "zh-hans": (
                "您申请{job}的状态链接",
                "{name}，您好：\n\n有人（也许是您本人）用此电子邮箱再次申请了{job}（{ref}）。您原有的申请保持不变。"
                "请通过以下专属链接查看（之前发送的链接仍然有效）：\n{status_url}\n\n如果不是您本人操作，"
                "无需做任何事。" + _SIGN_ZH,
            ),
        },
    )
)
register(
    _kind(
        "stage_entered",
        _("Stage entered"),
        {
            **APPLICANT,
            "stage": _("the stage entered"),
            "status": _("the status as the applicant sees it"),
        },
        keyed_by="stage",
        defaults=_STATUS_DEFAULTS,
    )
)
register(
    _kind(
        "status_changed",
        _("Application withdrawn or reopened"),
        {**APPLICANT, "status": _("the status as the applicant sees it")},
        defaults=_STATUS_DEFAULTS,
    )
)
register(
    _kind(
        "rejection",
        _("Rejection"),
        {**APPLICANT, "stage": _("the stage reached"), "reason": _("the rejection reason")},
        keyed_by="rejection_reason",
        defaults={
            "en": (
                "Your application for {job}",
                "Dear {name},\n\nThank you for your interest in {job} ({ref}) and for the time "
                "you gave to your application. After careful consideration we will not take "
                "your application further. We wish you every success." + _SIGN_EN,
            ),
            "zh-hans": (
                "关于您对{job}的申请",
                "{name}，您好：\n\n感谢您对{job}（{ref}）的关注以及为申请付出的时间。经过慎重考虑，"
                "我们很遗憾地通知您，您的申请未能进入下一阶段。祝您前程似锦。" + _SIGN_ZH,
            ),
        },
    )
)
register(
    _kind(
        "offer",
        _("Offer"),
        {**APPLICANT, "stage": _("the stage entered")},
        defaults={
            "en": (
                "An offer for {job}",
                "Dear {name},\n\nWe are delighted to tell you that we would like to offer you "
                "the position of {job} ({ref}). We will contact you shortly with the details "
                "of the offer." + _SIGN_EN,
            ),
            "zh-hans": (
                "{job}录用通知",
                "{name}，您好：\n\n我们很高兴地通知您，我们拟向您发出{job}（{ref}）职位的录用邀请。"
                "我们将很快与您联系，告知录用详情。" + _SIGN_ZH,
            ),
        },
    )
)
# The offer letter is a template like the e-mails (HR edits it per language at /hr/messages/):
# its subject is the letter's heading, its body the letter, rendered into the PDF that the
# "offer_sent" e-mail carries.
_OFFER_TERMS = {
    "candidate_name": _("the candidate's full name"),
    "position": _("the position offered"),
    "salary": _("the salary, with its currency"),
    "currency": _("the salary's currency (ISO code)"),
    "start_date": _("the start date"),
    "contract_type": _("the type of contract"),
    "respond_by": _("the date to answer by"),
    "offered_on": _("the date of the offer"),
    "ref": _("the job reference"),
    "organisation": _("the organisation's name"),
}
register(
    _kind(
        "offer_letter",
        _("Offer letter (the PDF sent with the offer)"),
        _OFFER_TERMS,
        defaults={
            "en": (
                "Offer of employment: {position}",
                "Dear {candidate_name},\n\nFollowing our recruitment for {position} ({ref}), we "
                "are pleased to offer you this position at {organisation}, on these terms:\n\n"
                "Position: {position}\nContract: {contract_type}\nSalary: {salary} a year\n"
                "Start date: {start_date}\n\nPlease let us know whether you accept this offer by "
                "{respond_by}: answer on your application's status page, or reply to the e-mail "
                "that carried this letter.\n\nWe look forward to working with you." + _SIGN_EN,
            ),
            "zh-hans": (
                "录用通知书：{position}",
                "{candidate_name}，您好：\n\n经过{position}（{ref}）的招聘程序，我们很高兴地通知您，"
                "{organisation}决定录用您担任该职位，录用条件如下：\n\n职位：{position}\n合同类型：{contract_type}\n"
                "年薪：{salary}\n入职日期：{start_date}\n\n请于{respond_by}前告知我们您是否接受本录用通知："
                "您可以在申请状态页面上答复，也可以回复附有本通知书的电子邮件。\n\n期待与您共事。"
                + _SIGN_ZH,
            ),
        },
    )
)
register(
    _kind(
        "offer_sent",
        _("Offer sent (the e-mail with the offer letter)"),
        {
            **APPLICANT,
            "position": _("the position offered"),
            "respond_by": _("the date to answer by"),
            "status_url": _("the applicant's private status link"),
        },
        secret=frozenset({"status_url"}),
        defaults={
            "en": (
                "Your offer for {position}",
                "Dear {name},\n\nWe are delighted to offer you the position of {position} "
                "({ref}). The attached letter sets out the terms of the offer.\n\nPlease "
                "answer by {respond_by}. You can accept or decline the offer on your "
                "application's private status page:\n{status_url}" + _SIGN_EN,
            ),
            "zh-hans": (
                "{position}录用通知",
                "{name}，您好：\n\n我们很高兴地向您发出{position}（{ref}）职位的录用通知，录用条件详见附件中的录用通知书。"
                "\n\n请于{respond_by}前答复。您可以在申请的专属状态页面上接受或谢绝录用：\n{status_url}"
                + _SIGN_ZH,
            ),
        },
    )
)
register(
    _kind(
        "offer_approval_requested",
        _("An offer awaits your approval (to an approver)"),
        {
            "name": _("the approver's name"),
            "candidate": _("the candidate's name"),
            "job": _("the job title"),
            "ref": _("the job reference"),
            "url": _("the application page"),
        },
        to_applicant=False,
        defaults={
            "en": (
                "Offer to approve: {candidate}, {job} ({ref})",
                "Dear {name},\n\nThe offer to {candidate} for {job} ({ref}) awaits your "
                "approval; you are the next approver in line.\n\nRead its terms and approve it, "
                "or send it back with a comment:\n{url}",
            ),
            "zh-hans": (
                "待审批录用：{candidate}，{job}（{ref}）",
                "{name}，您好：\n\n向{candidate}发出的{job}（{ref}）录用待您审批，您是下一位审批人。\n\n"
                "请查看录用条件并批准，或附上意见退回：\n{url}",
            ),
        },
    )
)
_EXAM = {
    **APPLICANT,
    "exam": _("the examination's title"),
    "details": _("when, how long and where (several lines)"),
    "candidate_number": _("the candidate number"),
    "sections": _("the sections and their points (several lines)"),
    "instructions": _("the examination's instructions (several lines)"),
}
_EXAM_ML = frozenset({"details", "sections", "instructions"})
register(
    _kind(
        "exam_invitation",
        _("Exam invitation"),
        _EXAM,
        multiline=_EXAM_ML,
        defaults={
            "en": (
                "Invitation to the written examination for {job}",
                "Dear {name},\n\nThank you for your application for {job} ({ref}). We invite you "
                "to the written examination.\n\n{details}\nYour candidate number: "
                "{candidate_number}\n\n{sections}\n{instructions}\n\nWrite your candidate "
                "number, not your name, on every page: the scripts are marked anonymously.\n"
                "The attached calendar file adds the examination to your calendar." + _SIGN_EN,
            ),
            "zh-hans": (
                "{job}笔试邀请",
                "{name}，您好：\n\n感谢您申请{job}（{ref}）。我们诚邀您参加笔试。\n\n{details}\n"
                "您的考号：{candidate_number}\n\n{sections}\n{instructions}\n\n请在每页写上考号而不是姓名："
                "试卷将匿名评阅。\n附件中的日历文件可将笔试加入您的日历。" + _SIGN_ZH,
            ),
        },
    )
)
register(
    _kind(
        "exam_update",
        _("Exam update"),
        _EXAM,
        multiline=_EXAM_ML,
        defaults={
            "en": (
                "Updated: written examination for {job}",
                "Dear {name},\n\nThe details of the written examination for {job} have "
                "changed. This message replaces our earlier invitation.\n\n{details}\nYour "
                "candidate number: {candidate_number}\n\n{sections}\n{instructions}\n\nThe "
                "attached calendar file updates your calendar." + _SIGN_EN,
            ),
            "zh-hans": (
                "更新：{job}笔试",
                "{name}，您好：\n\n{job}笔试的安排有变，本邮件取代之前的邀请。\n\n{details}\n"
                "您的考号：{candidate_number}\n\n{sections}\n{instructions}\n\n附件中的日历文件将更新您的日历。"
                + _SIGN_ZH,
            ),
        },
    )
)
register(
    _kind(
        "exam_cancellation",
        _("Exam cancellation"),
        {**APPLICANT, "exam": _("the examination's title"), "details": _("when and where")},
        multiline=frozenset({"details"}),
        defaults={
            "en": (
                "Cancelled: written examination for {job}",
                "Dear {name},\n\nThe written examination for {job} ({ref}) is cancelled for "
                "you.\n\n{details}\n\nThe attached calendar file removes it from your calendar."
                + _SIGN_EN,
            ),
            "zh-hans": (
                "取消：{job}笔试",
                "{name}，您好：\n\n您的{job}（{ref}）笔试已取消。\n\n{details}\n\n附件中的日历文件将从您的日历中删除该笔试。"
                + _SIGN_ZH,
            ),
        },
    )
)
_INTERVIEW = {
    **APPLICANT,
    "round": _("the interview round"),
    "details": _("when and where, in the interview's time zone (several lines)"),
    "note": _("HR's note on a cancellation"),
}
register(
    _kind(
        "interview_invitation",
        _("Interview invitation"),
        _INTERVIEW,
        multiline=frozenset({"details", "note"}),
        defaults={
            "en": (
                "Interview invitation: {job} ({ref})",
                "Dear {name},\n\nWe are pleased to invite you to {round} for {job} ({ref}).\n\n"
                "{details}\n\nThe attached calendar file adds it to your calendar." + _SIGN_EN,
            ),
            "zh-hans": (
                "面试邀请：{job}（{ref}）",
                "{name}，您好：\n\n我们诚邀您参加{job}（{ref}）的{round}。\n\n{details}\n\n附件中的日历文件可将面试加入您的日历。"
                + _SIGN_ZH,
            ),
        },
    )
)
register(
    _kind(
        "interview_update",
        _("Interview update"),
        _INTERVIEW,
        multiline=frozenset({"details", "note"}),
        defaults={
            "en": (
                "Interview changed: {job} ({ref})",
                "Dear {name},\n\n{round} for {job} ({ref}) has changed. The details below "
                "replace the earlier ones.\n\n{details}\n\nThe attached calendar file adds it "
                "to your calendar." + _SIGN_EN,
            ),
            "zh-hans": (
                "面试变更：{job}（{ref}）",
                "{name}，您好：\n\n{job}（{ref}）的{round}安排有变，以下信息取代之前的安排。\n\n{details}\n\n"
                "附件中的日历文件将更新您的日历。" + _SIGN_ZH,
            ),
        },
    )
)
register(
    _kind(
        "interview_cancellation",
        _("Interview cancellation"),
        _INTERVIEW,
        multiline=frozenset({"details", "note"}),
        defaults={
            "en": (
                "Interview cancelled: {job} ({ref})",
                "Dear {name},\n\n{round} for {job} ({ref}) is cancelled. {note}\n\nThe attached "
                "calendar file removes it from your calendar." + _SIGN_EN,
            ),
            "zh-hans": (
                "面试取消：{job}（{ref}）",
                "{name}，您好：\n\n{job}（{ref}）的{round}已取消。{note}\n\n附件中的日历文件将从您的日历中删除该面试。"
                + _SIGN_ZH,
            ),
        },
    )
)
register(
    _kind(
        "panel_notice",
        _("Panel notice (to an interviewer)"),
        {
            "name": _("the panel member's name"),
            "headline": _("what happened, in two words (Interview changed …)"),
            "change": _("what happened: invited, changed, cancelled, removed (one sentence)"),
            "title": _("the interview's title"),
            "candidate": _("the candidate's name"),
            "job": _("the job title"),
            "ref": _("the job reference"),
            "details": _("when and where (several lines)"),
            "url": _("the interview's page"),
            "organisation": _("the organisation's name"),
        },
        multiline=frozenset({"details"}),
        to_applicant=False,
        keyed_by="notice",
        defaults={
            "en": (
                "{headline}: {title}",
                "Dear {name},\n\n{change}\n\n{details}\n\nThe candidate's application and CV, "
                "the conflict-of-interest question and your scorecard:\n{url}" + _SIGN_EN,
            ),
            "zh-hans": (
                "{headline}：{title}",
                "{name}，您好：\n\n{change}\n\n{details}\n\n候选人的申请与简历、利益冲突声明及您的评分表：\n{url}"
                + _SIGN_ZH,
            ),
        },
    )
)
register(
    _kind(
        "scorecard_reminder",
        _("Scorecard reminder"),
        {
            "name": _("the panel member's name"),
            "title": _("the interview's title"),
            "when": _("when the interview took place"),
            "url": _("the interview's page"),
        },
        to_applicant=False,
        defaults={
            "en": (
                "Scorecard missing: {title}",
                "Dear {name},\n\nYour scorecard for {title} ({when}) is still missing. The "
                "round cannot be decided until every panel member has submitted theirs.\n\n"
                "{url}\n\nThank you,\nThe recruitment team",
            ),
            "zh-hans": (
                "评分表未提交：{title}",
                "{name}，您好：\n\n您对{title}（{when}）的评分表尚未提交。所有面试官提交评分表后，本轮面试才能作出决定。"
                "\n\n{url}\n\n谢谢！\n招聘组",
            ),
        },
    )
)
register(
    _kind(
        "scorecard_reopened",
        _("Scorecard reopened"),
        {
            "name": _("the panel member's name"),
            "title": _("the interview's title"),
            "reason": _("HR's reason"),
            "url": _("the interview's page"),
        },
        to_applicant=False,
        defaults={
            "en": (
                "Scorecard reopened: {title}",
                "Dear {name},\n\nHR reopened your scorecard for {title} so that you can change "
                "it.\nReason: {reason}\n\nSubmit it again here:\n{url}",
            ),
            "zh-hans": (
                "评分表已重新开放：{title}",
                "{name}，您好：\n\n人力资源部重新开放了您对{title}的评分表，以便您修改。\n原因：{reason}\n\n"
                "请在此重新提交：\n{url}",
            ),
        },
    )
)
register(
    _kind(
        "expert_deadlines",
        _("Foreign-expert deadlines digest (to HR)"),
        {
            "date": _("today's date"),
            "overdue_count": _("how many deadlines are overdue"),
            "due_count": _("how many are due soon"),
            "days": _("how many days ahead 'soon' is"),
            "overdue": _("the overdue deadlines (several lines)"),
            "due": _("the deadlines due soon (several lines)"),
            "url": _("the foreign-expert cases page"),
        },
        multiline=frozenset({"overdue", "due"}),
        to_applicant=False,
        defaults={
            "en": (
                "Foreign experts: {overdue_count} overdue, {due_count} due within {days} days",
                "Foreign-expert deadlines on {date}.\n\nOVERDUE\n{overdue}\n\nDUE WITHIN {days} "
                "DAYS\n{due}\n\nAll cases: {url}",
            ),
            "zh-hans": (
                "外籍专家：{overdue_count}项逾期，{due_count}项将在{days}天内到期",
                "{date}的外籍专家事项期限。\n\n已逾期\n{overdue}\n\n{days}天内到期\n{due}\n\n全部案例：{url}",
            ),
        },
    )
)
register(
    _kind(
        "subject_access_request",
        _("An applicant asked for their personal data (to HR)"),
        {
            "application_id": _("the application's number"),
            "ref": _("the job's reference"),
            "due": _("the date the copy is due"),
            "url": _("the application page"),
        },
        to_applicant=False,
        defaults={
            "en": (
                "An applicant asked for their personal data (due {due})",
                "The applicant of application {application_id} ({ref}) asked for a copy of the "
                "personal data held on them.\n\nExport it from the application page by {due}:\n{url}",
            ),
            "zh-hans": (
                "有应聘者申请查阅其个人信息（截止日期 {due}）",
                "第 {application_id} 号申请（{ref}）的应聘者申请获取系统所存其个人信息的副本。\n\n"
                "请在 {due} 前从申请页面导出：\n{url}",
            ),
        },
    )
)
register(
    _kind(
        "webhook_switched_off",
        _("A webhook subscription was switched off (to HR)"),
        {
            "url": _("the receiver's address"),
            "reason": _("why it was switched off"),
            "last_error": _("the last delivery's error"),
            "page_url": _("the subscription's page"),
        },
        to_applicant=False,
        defaults={
            "en": (
                "Webhook switched off: {url}",
                "The webhook subscription to {url} was switched off.\n{reason}\n\nLast error: "
                "{last_error}\n\nOnce the receiver works again, switch the subscription on and "
                "redeliver what it missed:\n{page_url}",
            ),
            "zh-hans": (
                "Webhook 已停用：{url}",
                "发往 {url} 的 Webhook 订阅已停用。\n{reason}\n\n最近一次错误：{last_error}\n\n"
                "接收端恢复后，请重新启用该订阅并补发遗漏的推送：\n{page_url}",
            ),
        },
    )
)
register(
    _kind(
        "free_form",
        _("A message HR writes"),
        {
            **APPLICANT,
            "stage": _("the application's stage"),
            "status": _("the status as the applicant sees it"),
            "status_url": _("the applicant's private status link"),
        },
        secret=frozenset({"status_url"}),
        defaults={
            "en": ("{job} ({ref})", "Dear {name},\n\n" + _SIGN_EN.lstrip("\n")),
            "zh-hans": ("{job}（{ref}）", "{name}，您好：\n\n" + _SIGN_ZH.lstrip("\n")),
        },
    )
)


def kind_get(code: str) -> Kind:
    return KINDS[code]
