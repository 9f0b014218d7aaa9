<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>ProcedurePage</name>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="124"/>
        <source>Procedures</source>
        <translation>업무 절차</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="130"/>
        <source>Search guides: words, syllables or initial consonants (ㅈㅁㄷㄹ), Korean or English</source>
        <translation>안내서 찾기: 낱말, 음절, 초성(ㅈㅁㄷㄹ), 한국어 또는 영어</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="157"/>
        <source>Start the guide (Enter)</source>
        <translation>안내 시작 (Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="159"/>
        <source>Printable checklist… (Ctrl+P)</source>
        <translation>인쇄용 점검표… (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="161"/>
        <source>Reload guides (F5)</source>
        <translation>안내서 다시 읽기 (F5)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="163"/>
        <source>Add a guide file…</source>
        <translation>안내서 파일 추가…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="167"/>
        <source>Walk history…</source>
        <translation>안내 진행 기록…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="175"/>
        <location filename="../../counter_app/ui/procedure_page.py" line="218"/>
        <source>Loading the guides…</source>
        <translation>안내서를 읽는 중…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="229"/>
        <source>{n} guides</source>
        <translation>안내서 {n}개</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="231"/>
        <source>These guide files were left out:</source>
        <translation>다음 안내서 파일은 문제가 있어 빠졌습니다:</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="265"/>
        <source>The guides could not be read.</source>
        <translation>안내서를 읽지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="275"/>
        <source>No guide matches.</source>
        <translation>맞는 안내서가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="319"/>
        <source>A guide you had not finished was restored where you left it.</source>
        <translation>끝내지 않은 안내를 멈춘 곳에서 다시 열었습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="339"/>
        <source>There is no guide {id} on this terminal.</source>
        <translation>이 단말에는 {id} 안내서가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="404"/>
        <source>The walk could not be saved.</source>
        <translation>안내 진행 상태를 저장하지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="453"/>
        <source>Walk history</source>
        <translation>안내 진행 기록</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="474"/>
        <source>No walk has been completed yet.</source>
        <translation>아직 끝난 안내 진행이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="485"/>
        <source>Add a guide file</source>
        <translation>안내서 파일 추가</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="485"/>
        <source>Guide files (*.yaml *.yml)</source>
        <translation>안내서 파일 (*.yaml *.yml)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="502"/>
        <source>The guide file was not added:</source>
        <translation>안내서 파일을 추가하지 않았습니다:</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="507"/>
        <source>Added the guide {id}.</source>
        <translation>{id} 안내서를 추가했습니다.</translation>
    </message>
</context>
<context>
    <name>ProcedureWizard</name>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="84"/>
        <source>Guide list</source>
        <translation>안내서 목록</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="87"/>
        <source>Back (Alt+Left)</source>
        <translation>이전 (Alt+←)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="90"/>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="220"/>
        <source>Next (Enter)</source>
        <translation>다음 (Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="125"/>
        <source>Step {n}</source>
        <translation>{n}단계</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="191"/>
        <source>Paper form to use: {form}</source>
        <translation>사용할 종이 서식: {form}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="194"/>
        <source>Refer to: {agency}, phone {phone}</source>
        <translation>안내할 곳: {agency}, 전화 {phone}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="214"/>
        <source>Finish (Enter)</source>
        <translation>마침 (Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="217"/>
        <source>Open the intake form (Enter)</source>
        <translation>민원 접수 화면 열기 (Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="218"/>
        <source>Referral given (Enter)</source>
        <translation>안내했음 (Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="219"/>
        <source>Paper form used (Enter)</source>
        <translation>종이 서식 사용했음 (Enter)</translation>
    </message>
</context>
</TS>
