<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>ReentryDialog</name>
    <message>
        <location filename="../../counter_app/ui/sync_reentry.py" line="30"/>
        <source>Re-key case {receipt}</source>
        <translation>민원 {receipt} 직접 입력</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_reentry.py" line="37"/>
        <source>Receipt no.</source>
        <translation>접수번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_reentry.py" line="38"/>
        <source>Received at</source>
        <translation>접수 일시</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_reentry.py" line="39"/>
        <source>Service</source>
        <translation>민원 사무</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_reentry.py" line="40"/>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_reentry.py" line="41"/>
        <source>Content</source>
        <translation>내용</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_reentry.py" line="42"/>
        <source>Name</source>
        <translation>성명</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_reentry.py" line="43"/>
        <source>Birth date</source>
        <translation>생년월일</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_reentry.py" line="44"/>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_reentry.py" line="45"/>
        <source>Email</source>
        <translation>전자우편</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_reentry.py" line="46"/>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_reentry.py" line="47"/>
        <source>Postcode</source>
        <translation>우편번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_reentry.py" line="56"/>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_reentry.py" line="64"/>
        <source>RRN</source>
        <translation>주민등록번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_reentry.py" line="64"/>
        <source>sealed: reveal it on the queue page if the system needs it</source>
        <translation>봉인됨: 시스템에 필요하면 접수 대기열 화면에서 열람하십시오</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_reentry.py" line="69"/>
        <source>&amp;Official number given by the system</source>
        <translation>시스템이 준 등록번호(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_reentry.py" line="72"/>
        <source>&amp;Reason</source>
        <translation>사유(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_reentry.py" line="95"/>
        <source>Not recorded: an error occurred.</source>
        <translation>오류가 나서 기록하지 못했습니다.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="57"/>
        <source>Sync</source>
        <translation>동기화</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="69"/>
        <source>&amp;Target</source>
        <translation>대상(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="73"/>
        <source>Access to&amp;ken</source>
        <translation>접속 토큰(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="77"/>
        <source>Cases per &amp;request</source>
        <translation>요청당 민원 수(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="81"/>
        <source>&amp;Start sync</source>
        <translation>동기화 시작(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="83"/>
        <source>&amp;Cancel</source>
        <translation>취소(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="99"/>
        <source>Receipt no.</source>
        <translation>접수번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="99"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="99"/>
        <source>Attempts</source>
        <translation>시도</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="99"/>
        <source>Last error</source>
        <translation>마지막 오류</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="111"/>
        <source>Re-&amp;queue…</source>
        <translation>다시 대기열에(&amp;Q)…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="113"/>
        <source>&amp;Mark registered…</source>
        <translation>등록 완료로 표시(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="115"/>
        <source>Re-&amp;key by hand…</source>
        <translation>직접 입력(&amp;K)…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="117"/>
        <source>Re&amp;port…</source>
        <translation>보고서(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="120"/>
        <source>The sync report: every case with its official number, as a signed PDF or as CSV.</source>
        <translation>동기화 보고서: 모든 민원과 중앙 시스템 등록번호를 서명된 PDF 또는 CSV로 저장합니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="123"/>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="170"/>
        <source>Only a supervisor may start a sync.</source>
        <translation>동기화는 감독자만 시작할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="179"/>
        <source>Cases on this terminal: {n}; unsent: {u}</source>
        <translation>이 단말기의 민원: {n}건, 미전송: {u}건</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="187"/>
        <source>Oldest unsent case: {at} ({hours} h ago)</source>
        <translation>가장 오래된 미전송 민원: {at} ({hours}시간 전)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="194"/>
        <source>Last sync: {at}, {status}</source>
        <translation>마지막 동기화: {at}, {status}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="228"/>
        <source>Supervisor passphrase</source>
        <translation>감독자 암호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="229"/>
        <source>Passphrase to unlock the office key:</source>
        <translation>사무소 키를 여는 암호:</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="255"/>
        <source>Syncing…</source>
        <translation>동기화 중…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="266"/>
        <source>Cancelling… the request in flight is finished or checked first.</source>
        <translation>취소 중… 보내고 있던 요청은 먼저 마치거나 확인합니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="279"/>
        <source>Registered {sent}, already registered {already}, quarantined {q}; left unresolved {left}.</source>
        <translation>등록 {sent}건, 이미 등록됨 {already}건, 보류 {q}건, 미해결 {left}건.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="296"/>
        <source>The sync failed unexpectedly; details are in the log file.</source>
        <translation>동기화가 예상치 못한 오류로 실패했습니다. 자세한 내용은 로그 파일에 있습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="303"/>
        <source>Reason (recorded in the audit log):</source>
        <translation>사유(감사 기록에 남습니다):</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="312"/>
        <location filename="../../counter_app/ui/sync_page.py" line="314"/>
        <source>Re-queue</source>
        <translation>다시 대기열에</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="312"/>
        <source>Only a quarantined case can be re-queued.</source>
        <translation>보류된 민원만 다시 대기열에 넣을 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="332"/>
        <location filename="../../counter_app/ui/sync_page.py" line="336"/>
        <source>Mark registered</source>
        <translation>등록 완료로 표시</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="332"/>
        <source>Registration number in the central system:</source>
        <translation>중앙 시스템의 등록번호:</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="356"/>
        <source>Save the sync report</source>
        <translation>동기화 보고서 저장</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="358"/>
        <source>Signed PDF (*.pdf);;CSV for a spreadsheet (*.csv)</source>
        <translation>서명된 PDF (*.pdf);;스프레드시트용 CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sync_page.py" line="369"/>
        <source>Sync report written: {n} case(s), {path}</source>
        <translation>동기화 보고서를 저장했습니다: {n}건, {path}</translation>
    </message>
</context>
</TS>
