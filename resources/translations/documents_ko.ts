<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>BatchPrintDialog</name>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="323"/>
        <source>Print a day&apos;s receipts</source>
        <translation>하루치 접수증 출력</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="333"/>
        <source>&amp;Day</source>
        <translation>일자(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="336"/>
        <source>&amp;Browse…</source>
        <translation>찾아보기(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="340"/>
        <source>&amp;Folder</source>
        <translation>폴더(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="343"/>
        <source>&amp;Start</source>
        <translation>시작(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="344"/>
        <source>&amp;Cancel</source>
        <translation>취소(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="359"/>
        <source>Folder for the receipts</source>
        <translation>접수증을 저장할 폴더</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="366"/>
        <source>Choose a folder first.</source>
        <translation>먼저 폴더를 고르십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="406"/>
        <source>{done} of {total} printed</source>
        <translation>{total}건 중 {done}건 출력</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="413"/>
        <source>The document could not be made.</source>
        <translation>문서를 만들지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="422"/>
        <source>Stopped: {done} of {total} printed</source>
        <translation>중단: {total}건 중 {done}건 출력</translation>
    </message>
</context>
<context>
    <name>DocumentActions</name>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="185"/>
        <source>&amp;Receipt</source>
        <translation>접수증(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="186"/>
        <source>&amp;Interim confirmation</source>
        <translation>임시 확인서(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="187"/>
        <source>Receipt, &amp;2 copies on one sheet</source>
        <translation>접수증, 한 장에 2부(&amp;2)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="188"/>
        <source>Interim confirmation, 2 copies on one &amp;sheet</source>
        <translation>임시 확인서, 한 장에 2부(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="190"/>
        <source>&amp;Batch: a day&apos;s receipts…</source>
        <translation>하루치 접수증 일괄 출력(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="191"/>
        <source>&amp;Verify a document…</source>
        <translation>문서 진위 확인(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="264"/>
        <source>The document could not be made.</source>
        <translation>문서를 만들지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="266"/>
        <source>Print</source>
        <translation>출력</translation>
    </message>
</context>
<context>
    <name>DocumentPreview</name>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="99"/>
        <source>Document {serial}</source>
        <translation>문서 {serial}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="101"/>
        <source>Serial {serial} · check code {code}</source>
        <translation>문서번호 {serial} · 확인코드 {code}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="103"/>
        <source>reprint {n}</source>
        <translation>재발급 {n}회</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="117"/>
        <source>&amp;Print…</source>
        <translation>인쇄(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="118"/>
        <source>&amp;Save as PDF…</source>
        <translation>PDF로 저장(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="119"/>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="143"/>
        <location filename="../../counter_app/ui/documents_print.py" line="152"/>
        <source>Save as PDF</source>
        <translation>PDF로 저장</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="143"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 파일 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="152"/>
        <source>The file cannot be written.</source>
        <translation>파일을 쓸 수 없습니다.</translation>
    </message>
</context>
<context>
    <name>ReceiptNumberDialog</name>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="290"/>
        <source>Print the receipt</source>
        <translation>접수증 출력</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="290"/>
        <source>Print the interim confirmation</source>
        <translation>임시 확인서 출력</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_print.py" line="293"/>
        <source>Receipt number of the case:</source>
        <translation>민원의 접수번호:</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="35"/>
        <source>Verify a document</source>
        <translation>문서 진위 확인</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="40"/>
        <source>&amp;Open PDF or image…</source>
        <translation>PDF·그림 열기(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="45"/>
        <source>Check code, e.g. ABCDE-12345</source>
        <translation>확인코드, 예: ABCDE-12345</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="48"/>
        <source>&amp;Check code</source>
        <translation>확인코드 확인(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="52"/>
        <source>Open a document or type a check code.</source>
        <translation>문서를 열거나 확인코드를 입력하십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="56"/>
        <source>Applicant check</source>
        <translation>신청인 확인</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="61"/>
        <source>&amp;Name</source>
        <translation>성명(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="62"/>
        <source>&amp;Birth date</source>
        <translation>생년월일(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="63"/>
        <source>Check &amp;applicant</source>
        <translation>신청인 확인(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="75"/>
        <source>Open a document</source>
        <translation>문서 열기</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="75"/>
        <source>Documents (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp)</source>
        <translation>문서 (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="91"/>
        <source>Checking…</source>
        <translation>확인하는 중…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="112"/>
        <source>Genuine</source>
        <translation>진본입니다</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="115"/>
        <source>Not genuine</source>
        <translation>진본이 아닙니다</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="117"/>
        <source>Type</source>
        <translation>종류</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="118"/>
        <source>Serial</source>
        <translation>문서번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="119"/>
        <source>Office</source>
        <translation>발급 기관</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="120"/>
        <source>Office code</source>
        <translation>기관 코드</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="121"/>
        <source>Receipt no.</source>
        <translation>접수번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="122"/>
        <source>Issued at</source>
        <translation>발급 일시</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="123"/>
        <source>Valid until</source>
        <translation>유효기한</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="124"/>
        <source>Check code</source>
        <translation>확인코드</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="130"/>
        <source>Terminal</source>
        <translation>단말기</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="142"/>
        <source>The check failed.</source>
        <translation>확인하지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="150"/>
        <source>Matches the document</source>
        <translation>문서와 일치합니다</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/documents_verify.py" line="150"/>
        <source>Does NOT match the document</source>
        <translation>문서와 일치하지 않습니다</translation>
    </message>
</context>
</TS>
