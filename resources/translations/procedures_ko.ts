<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>ProcedurePage</name>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="128"/>
        <source>Procedures</source>
        <translation>업무 절차</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="134"/>
        <source>Search guides: words, syllables or initial consonants (ㅈㅁㄷㄹ), Korean or English</source>
        <translation>안내서 찾기: 낱말, 음절, 초성(ㅈㅁㄷㄹ), 한국어 또는 영어</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="161"/>
        <source>Start the guide (Enter)</source>
        <translation>안내 시작 (Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="163"/>
        <source>Printable checklist… (Ctrl+P)</source>
        <translation>인쇄용 점검표… (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="165"/>
        <source>Reload guides (F5)</source>
        <translation>안내서 다시 읽기 (F5)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="167"/>
        <source>Add a guide file…</source>
        <translation>안내서 파일 추가…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="171"/>
        <source>Walk history…</source>
        <translation>안내 진행 기록…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="179"/>
        <location filename="../../counter_app/ui/procedure_page.py" line="222"/>
        <source>Loading the guides…</source>
        <translation>안내서를 읽는 중…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="233"/>
        <source>{n} guides</source>
        <translation>안내서 {n}개</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="235"/>
        <source>These guide files were left out:</source>
        <translation>다음 안내서 파일은 문제가 있어 빠졌습니다:</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="269"/>
        <source>The guides could not be read.</source>
        <translation>안내서를 읽지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="279"/>
        <source>No guide matches.</source>
        <translation>맞는 안내서가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="324"/>
        <source>A guide you had not finished was restored where you left it.</source>
        <translation>끝내지 않은 안내를 멈춘 곳에서 다시 열었습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="344"/>
        <source>There is no guide {id} on this terminal.</source>
        <translation>이 단말에는 {id} 안내서가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="415"/>
        <source>The walk could not be saved.</source>
        <translation>안내 진행 상태를 저장하지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="464"/>
        <source>Walk history</source>
        <translation>안내 진행 기록</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="485"/>
        <source>No walk has been completed yet.</source>
        <translation>아직 끝난 안내 진행이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="496"/>
        <source>Add a guide file</source>
        <translation>안내서 파일 추가</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="496"/>
        <source>Guide files (*.yaml *.yml)</source>
        <translation>안내서 파일 (*.yaml *.yml)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="513"/>
        <source>The guide file was not added:</source>
        <translation>안내서 파일을 추가하지 않았습니다:</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_page.py" line="518"/>
        <source>Added the guide {id}.</source>
        <translation>{id} 안내서를 추가했습니다.</translation>
    </message>
</context>
<context>
    <name>ProcedureWizard</name>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="85"/>
        <source>Guide list</source>
        <translation>안내서 목록</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="88"/>
        <source>Back (Alt+Left)</source>
        <translation>이전 (Alt+←)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="91"/>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="227"/>
        <source>Next (Enter)</source>
        <translation>다음 (Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="126"/>
        <source>Step {n}</source>
        <translation>{n}단계</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="192"/>
        <source>Enter prints it and opens its preview (Print…, Save as PDF…).</source>
        <translation>Enter를 누르면 출력하고 미리보기를 엽니다(인쇄…, PDF로 저장…).</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="193"/>
        <source>Without a printer, the paper form: {form}</source>
        <translation>프린터가 없으면 종이 서식: {form}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="195"/>
        <source>Paper form to use: {form}</source>
        <translation>사용할 종이 서식: {form}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="198"/>
        <source>Refer to: {agency}, phone {phone}</source>
        <translation>안내할 곳: {agency}, 전화 {phone}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="218"/>
        <source>Finish (Enter)</source>
        <translation>마침 (Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="221"/>
        <source>Open the intake form (Enter)</source>
        <translation>민원 접수 화면 열기 (Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="222"/>
        <source>Referral given (Enter)</source>
        <translation>안내했음 (Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="223"/>
        <source>Print the receipt (Enter)</source>
        <translation>접수증 출력 (Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="224"/>
        <source>Print the interim confirmation (Enter)</source>
        <translation>임시 확인서 출력 (Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="225"/>
        <source>Print the outage notice (Enter)</source>
        <translation>안내문 출력 (Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/procedure_wizard.py" line="226"/>
        <source>Paper form used (Enter)</source>
        <translation>종이 서식 사용했음 (Enter)</translation>
    </message>
</context>
</TS>
