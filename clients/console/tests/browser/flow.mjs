// The whole demo flow through the console alone, in real Chromium: the
// drafter creates the report, imports the seed text, runs the self-check
// and submits; 一校 signs; 初审 returns with a comment anchored to a
// selected phrase; the drafter sees it at that place, fixes and resubmits;
// six different people approve (终审 overrides the blocking findings with a
// reason); the publisher sees the page published. Along the way: the
// session cookie is out of script's reach, a mutation without the CSRF
// token is refused, a person without the role sees no 同意 and the API
// refuses anyway, a stale digest shows a clear message, 同意/退回 work by
// keyboard alone, every screen passes axe-core and is usable at 200% zoom,
// and no screen logs a console error. Screenshots go to RF_ARTIFACTS_DIR.
import { gzipSync } from 'node:zlib';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessible, check, expectText, checkNoConsoleErrors, checksRun, env, launch, shot, signIn, waitFor } from './harness.mjs';

const sample = process.env.RF_SAMPLE_TEXT;
if (!sample) throw new Error('RF_SAMPLE_TEXT must name the seed report text');
const unit = 'jinkouhe-gov-office';
const cast = {
  drafter: 'u-zhangwei', 'proofread-1': 'u-lina', 'review-1': 'u-wangqiang', 'proofread-2': 'u-liufang',
  'review-2': 'u-chenjie', 'proofread-3': 'u-yangmin', 'review-3': 'u-zhaolei', publisher: 'u-sunli',
  supervisor: 'u-zhoujing',
};
const started = Date.now();
const browser = await launch();

try {
  // ---- 0. The first screen: small and quick. ----
  const login = await (await browser.newContext()).newPage();
  login.problems = [];
  login.on('console', (m) => m.type() === 'error' && login.problems.push(m.text()));
  const t0 = Date.now();
  const loginResponse = await login.goto(`${env.url}/login`);
  await login.locator('#login-person').waitFor();
  const firstScreenMs = Date.now() - t0;
  console.log(`measure: first screen (登录) usable after ${firstScreenMs} ms on loopback`);
  const scripts = await login.evaluate(() =>
    [...document.querySelectorAll('script[src], link[rel=modulepreload]')].map((e) => e.src || e.href));
  let gzipped = 0;
  for (const src of scripts) {
    const body = await login.evaluate(async (u) => Array.from(new Uint8Array(await (await fetch(u)).arrayBuffer())), src);
    gzipped += gzipSync(Buffer.from(body), { level: 9 }).length;
  }
  console.log(`measure: initial JavaScript ${(gzipped / 1024).toFixed(1)} KB gzipped in ${scripts.length} files`);
  check(gzipped < 350 * 1024, `initial JavaScript under 350 KB gzipped (${(gzipped / 1024).toFixed(1)} KB)`);
  const csp = loginResponse.headers()['content-security-policy'] ?? '';
  check(/script-src 'self'/.test(csp) && !/unsafe-inline/.test(csp), `strict CSP on the app (${csp})`);
  await accessible(login, '登录');
  await shot(login, '01-login');
  await login.locator('#login-person').fill(cast.drafter);
  await login.locator('#login-password').fill('wrong-password');
  await login.getByRole('button', { name: '登录' }).click();
  await login.getByRole('alert').waitFor();
  check(/密码|账号/.test(await login.getByRole('alert').innerText()), 'a wrong password is refused in Chinese');
  await login.context().close();

  // ---- 1. The drafter creates the report, imports, self-checks, submits. ----
  const drafter = await signIn(browser, 'drafter', cast.drafter);
  const cookies = await drafter.context().cookies();
  const session = cookies.find((c) => c.name === 'rf_session');
  check(session && session.httpOnly && session.secure && session.sameSite === 'Strict', 'session cookie is HttpOnly, Secure, SameSite=Strict');
  check(!(await drafter.evaluate(() => document.cookie)).includes('rf_session'), 'script cannot read the session cookie');
  check((await drafter.getByTestId('who').innerText()).includes('张伟'), 'the header names the person');
  await accessible(drafter, '我的待办（起草人）');
  await shot(drafter, '02-inbox-drafter');

  drafter.expectedRefusals++;
  const noCsrf = await drafter.evaluate(async () => {
    const r = await fetch('/api/rpc/reportflow.drafting.v1.DraftingService/CreateReport', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ report: { unit: 'jinkouhe-gov-office' }, request_id: crypto.randomUUID() }) });
    return { status: r.status, body: await r.json() };
  });
  check(noCsrf.status === 403 && /CSRF/.test(noCsrf.body.message), `a mutation without the CSRF token is refused (${noCsrf.status} ${noCsrf.body.message})`);

  await drafter.getByRole('link', { name: '起草' }).click();
  await drafter.locator('#new-unit').selectOption(unit);
  await drafter.locator('#new-template').selectOption({ label: '四川省部门决算公开模板（2024 年度）' });
  await drafter.locator('#new-unit-name').fill('乐山市金口河区人民政府办公室');
  await accessible(drafter, '起草');
  await shot(drafter, '03-reports');
  await drafter.getByRole('button', { name: '新建' }).click();
  await drafter.waitForURL(/\/reports\/r-[0-9a-f]+$/);
  const reportPath = new URL(drafter.url()).pathname;
  const report = reportPath.replace(/^\//, '');
  await drafter.locator('#approval-date').fill(new Date(Date.now() + 8 * 3600e3 - 3 * 86400e3).toISOString().slice(0, 10));
  await drafter.getByRole('button', { name: '保存', exact: true }).click();
  await expectText(drafter, '批复日期已保存');
  // Office files first: a legacy .xls and a file over 8 MiB are refused in
  // the browser before anything is sent; a .docx (headings by numbering, the
  // 三公 table under its heading) lands in its sections.
  await drafter.locator('#import-file').setInputFiles(`${process.env.RF_OFFICE_FIXTURES}/legacy.xls`);
  await expectText(drafter, 'legacy.xls 是旧版二进制格式，请在 WPS 或 Word/Excel 中另存为 .docx 或 .xlsx 后再导入');
  await drafter.locator('#import-file').setInputFiles({
    name: '决算（含图片）.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    buffer: Buffer.alloc(9 * 1024 * 1024),
  });
  await expectText(drafter, '有 9.0 MiB，超过 8 MiB 的导入上限');
  await drafter.locator('#import-file').setInputFiles(`${process.env.RF_OFFICE_FIXTURES}/numbered-headings.docx`);
  await expectText(drafter, '已导入 6 个章节');
  check((await drafter.getByTestId('import-result').innerText()).includes('导入 6 个章节'), 'a .docx is imported into its sections and its table');
  await drafter.locator('#import-file').setInputFiles(sample);
  await expectText(drafter, '已导入 14 个章节');
  await drafter.getByTestId('import-result').waitFor();
  check(/导入 \d+ 个章节/.test(await drafter.getByTestId('import-result').innerText()), 'the seed text is imported into sections');
  await drafter.getByTestId('self-check').click();
  await drafter.getByTestId('self-check-findings').waitFor();
  const selfCheck = await drafter.getByTestId('self-check-findings').innerText();
  check(/错误 \d+ 条，警告 \d+ 条/.test(selfCheck) && /第 \d+ 行/.test(selfCheck), 'the self-check lists machine findings before submitting');
  await accessible(drafter, '起草 › 报告');
  await shot(drafter, '04-report-self-check');
  await drafter.getByTestId('submit').click();
  await expectText(drafter, '已提交第 1 版');
  check((await drafter.getByTestId('report-state').innerText()) === '审校中', 'the report is in review after submitting');
  // 催办: the drafter urges the stage now waiting; a second urge within 4
  // hours is refused with when the next one is allowed.
  await waitFor(drafter, drafter.getByTestId('waiting').filter({ hasText: '一校' }), 'the waiting 一校 stage');
  await drafter.locator('#urge-note').fill('请今天内完成一校');
  await drafter.getByTestId('urge').click();
  await expectText(drafter, /^已催办一校，.* 后可再次催办$/);
  await drafter.getByTestId('urge').click();
  drafter.expectedRefusals++;
  await expectText(drafter, /后才能再次催办/);
  check(true, '催办 twice within 4 hours is refused with the time it is allowed again');
  await accessible(drafter, '报告（审校进度与催办）');
  await shot(drafter, '04b-report-urge');

  // ---- 2. 一校 signs (by keyboard alone). ----
  const openTask = async (page, version) => {
    const row = page.locator(`tr[data-task]`).filter({ hasText: `${report}/versions/${version}` });
    await waitFor(page, row, `the task of version ${version}`);
    await row.getByRole('link', { name: '办理' }).click();
    await page.waitForURL(/\/reviews\/\d+$/);
    await page.locator('h1').waitFor();
    return new URL(page.url()).pathname;
  };
  const approve = async (page, opinion, keyboard = false) => {
    if (keyboard) {
      await page.getByTestId('approve').focus();
      await page.keyboard.press('Enter');
      await page.locator('#approve-opinion').waitFor();
      await page.locator('#approve-opinion').focus();
      await page.keyboard.press('Control+A');
      await page.keyboard.type(opinion);
      // Tab from the opinion to the footer's 确认签署 (after 取消), then Enter.
      for (let i = 0; i < 6; i++) {
        await page.keyboard.press('Tab');
        if (await page.getByTestId('confirm-approve').evaluate((e) => e === document.activeElement)) break;
      }
      check(await page.getByTestId('confirm-approve').evaluate((e) => e === document.activeElement), '确认签署 is reachable with Tab');
      await page.keyboard.press('Enter');
    } else {
      await page.getByTestId('approve').click();
      await page.locator('#approve-opinion').fill(opinion);
      await page.getByTestId('confirm-approve').click();
    }
    await expectText(page, /^已签署：/);
  };

  // 二校 (刘芳) signs version 2 from the action link in her e-mail: fetching
  // the link decides nothing; the confirmation page's 确认同意 does, once.
  async function signFromMail(page) {
    const mailOf = () => {
      const dir = join(env.maildir, 'new');
      let found = '';
      for (const name of existsSync(dir) ? readdirSync(dir) : []) {
        const text = readFileSync(join(dir, name), 'utf8');
        if (!text.includes('liufang@jinkouhe.example.gov.cn')) continue;
        const parts = [...text.matchAll(/base64\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/g)].map((m) => Buffer.from(m[1].replace(/\s/g, ''), 'base64').toString('utf8'));
        const plain = parts.find((p) => p.includes('第 2 版') && p.includes('/act/'));
        if (plain) found = plain;
      }
      return found;
    };
    let mail = '';
    for (let i = 0; i < 150 && !mail; i++) {
      mail = mailOf();
      if (!mail) await new Promise((r) => setTimeout(r, 200));
    }
    check(mail.includes('二校') && mail.includes('一键签署'), '二校 receives an e-mail with a one-step action link');
    const url = new URL(/https:\/\/[^\s]+\/act\/[A-Za-z0-9_-]{43}/.exec(mail)[0]);
    // A mail scanner fetches the link: nothing is decided.
    const scanned = await fetch(`${env.url}${url.pathname}`);
    check(scanned.status === 200, 'fetching the action link (a mail scanner) gets the page and decides nothing');
    await page.goto(`${env.url}${url.pathname}`);
    await page.getByTestId('action-confirm').waitFor();
    await accessible(page, '一键签署（确认页）');
    await shot(page, '10b-action-link');
    await page.locator('#action-opinion').fill('同意（邮件一键签署）');
    await page.getByRole('button', { name: '确认同意' }).click();
    await expectText(page, /^已签署：待审校：.*（第 2 版，二校）$/);
    await page.reload();
    await page.getByTestId('action-state').waitFor();
    check((await page.getByTestId('action-state').innerText()).includes('已使用过'), 'the action link works once');
    checkNoConsoleErrors(page, '二校（一键签署）');
  }

  const lina = await signIn(browser, 'proofread-1', cast['proofread-1']);
  await accessible(lina, '我的待办（一校）');
  await shot(lina, '05-inbox-proofreader');
  // The task reached her as a notification (review → outbox → notification
  // service, recipients from the directory): it opens the review.
  await waitFor(lina, lina.getByTestId('bell').locator('.count'), "一校's unread notification");
  await lina.getByTestId('bell').click();
  const waiting = lina.getByTestId('notifications').locator('li.unread').filter({ hasText: '待审校：' });
  await waiting.first().waitFor();
  check((await waiting.first().innerText()).includes('待审校：乐山市金口河区人民政府办公室2024年度部门决算（第 1 版，一校）'),
    'the proofreader is notified of the waiting task, in Chinese');
  const urged = lina.getByTestId('notifications').locator('li').filter({ hasText: '催办：' });
  check((await urged.first().innerText()).includes('张伟 催办：第 1 版仍在等待一校签署。附言：请今天内完成一校'),
    'the proofreader is told of the 催办, with the note');
  await accessible(lina, '通知');
  await shot(lina, '05b-notifications');
  await waiting.first().getByRole('button').click();
  await lina.waitForURL(/\/reviews\/\d+$/);
  await lina.getByRole('heading', { name: '审校环节' }).waitFor();
  await lina.getByTestId('approve').click();
  const digest = await lina.getByTestId('digest').innerText();
  check(/^[0-9a-f]{64}$/.test(digest.trim()), `同意 shows the digest being signed (${digest.slice(0, 12)}…)`);
  await lina.getByRole('button', { name: '取消' }).click();
  await approve(lina, '文字已校', true);
  checkNoConsoleErrors(lina, '一校');

  // ---- 3. 初审 tries a stale digest, then returns with an anchored comment (keyboard). ----
  const wang = await signIn(browser, 'review-1', cast['review-1']);
  const review1 = await openTask(wang, 1);
  await accessible(wang, '审校页');
  await wang.getByTestId('holders').waitFor();
  check((await wang.getByTestId('holders').innerText()).includes('可办理：王强'), 'the active stage names who may act on it (可办理：王强)');
  await shot(wang, '06-review');
  await wang.route('**/ApproveTask', async (route) => {
    const body = JSON.parse(route.request().postData());
    await route.continue({ postData: JSON.stringify({ ...body, digest: 'f'.repeat(64) }) });
  });
  await wang.getByTestId('approve').click();
  await wang.getByTestId('confirm-approve').click();
  await wang.getByTestId('approve-error').waitFor();
  wang.expectedRefusals++;
  const staleText = await wang.getByTestId('approve-error').innerText();
  check(/不是待审版本/.test(staleText) && /摘要/.test(staleText), `a stale digest shows a clear message (${staleText.split('\n')[0]})`);
  await shot(wang, '07-stale-digest');
  await wang.unroute('**/ApproveTask');
  await wang.getByRole('button', { name: '取消' }).click();
  check(await wang.getByTestId('approve').isVisible(), 'the page still works after the stale digest');

  const section = wang.locator('article[data-section$="/sections/p2-05-general-budget"] .section-text');
  await section.scrollIntoViewIfNeeded();
  const phrase = '1080.02';
  // Select the 1080.02 that lacks its unit: the one followed by “，完成预算”.
  const selected = await section.evaluate((root, phrase) => {
    const at = root.textContent.indexOf(`${phrase}，完成预算`);
    if (at < 0) return '';
    const locate = (offset) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (offset <= node.textContent.length) return [node, offset];
        offset -= node.textContent.length;
      }
      return [root, 0];
    };
    const range = document.createRange();
    range.setStart(...locate(at));
    range.setEnd(...locate(at + phrase.length));
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    root.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    return selection.toString();
  }, phrase);
  check(selected === phrase, 'a phrase of the text is selected');
  await expectText(wang, `所选文字：“${phrase}”`);
  await wang.locator('#comment-text').fill('“决算数为 1080.02”后缺少计量单位“万元”');
  await wang.getByRole('button', { name: '添加批注' }).click();
  await expectText(wang, '批注已添加');
  const anchored = wang.locator('article[data-section$="/sections/p2-05-general-budget"] .mark-comment');
  check((await anchored.first().innerText()) === phrase, 'the comment is highlighted at the selected phrase');
  await shot(wang, '08-review-comment');
  await wang.getByTestId('return').focus();
  await wang.keyboard.press('Enter');
  await wang.locator('#return-reason').waitFor();
  await wang.locator('#return-reason').focus();
  await wang.keyboard.type('一般公共预算财政拨款支出决算数缺少计量单位，请补充后重新提交');
  await accessible(wang, '退回对话框');
  await shot(wang, '09-return-dialog');
  for (let i = 0; i < 6; i++) {
    await wang.keyboard.press('Tab');
    if (await wang.getByTestId('confirm-return').evaluate((e) => e === document.activeElement)) break;
  }
  check(await wang.getByTestId('confirm-return').evaluate((e) => e === document.activeElement), '确认退回 is reachable with Tab');
  await wang.keyboard.press('Enter');
  await wang.getByText('已退回', { exact: true }).first().waitFor();
  checkNoConsoleErrors(wang, '初审');

  // ---- 4. The drafter sees the comment at its place, fixes, resubmits. ----
  await drafter.goto(`${env.url}/notifications`);
  const returnedNote = drafter.getByTestId('notifications').locator('li.unread').filter({ hasText: '已退回' });
  await waitFor(drafter, returnedNote, "the drafter's notification of the return");
  check((await returnedNote.first().innerText()).includes('退回理由：一般公共预算财政拨款支出决算数缺少计量单位'),
    'the drafter is notified of the return with its reason');
  await drafter.goto(`${env.url}${reportPath}`);
  await waitFor(drafter, drafter.getByTestId('returned'), 'the return on the report page');
  check(/缺少计量单位/.test(await drafter.getByTestId('returned').innerText()), 'the drafter sees the return reason and comment');
  await drafter.getByTestId('returned').getByRole('link').first().click();
  await drafter.getByTestId('returned-comments').waitFor();
  const mark = drafter.getByTestId('returned-comments').locator('.mark-comment');
  check((await mark.first().innerText()) === phrase, 'the drafter sees the comment highlighted at the phrase it was anchored to');
  const following = await mark.first().evaluate((e) => {
    let offset = 0;
    for (const child of e.parentElement.childNodes) {
      if (child === e) break;
      offset += child.textContent.length;
    }
    return e.parentElement.textContent.slice(offset + e.textContent.length, offset + e.textContent.length + 5);
  });
  check(following === '，完成预算', `the highlighted phrase is the 1080.02 that lacks its unit (followed by “${following}”)`);
  await accessible(drafter, '起草 › 章节编辑');
  await shot(drafter, '10-section-returned-comment');
  const editor = drafter.locator('#section-editor');
  const before = await editor.inputValue();
  const after = before.replace(/决算数为\s*1080\.02，/, '决算数为 1080.02 万元，');
  check(after !== before, 'the phrase to fix is in the section');
  await editor.fill(after);
  await drafter.locator('#revision-note').fill('按初审意见补充计量单位“万元”');
  // Meanwhile the same section is saved from another window: saving now
  // shows that change with who and when, keeps this text, and saves it over
  // only when asked.
  const other = await drafter.context().newPage();
  await other.goto(drafter.url());
  await other.locator('#section-editor').fill(`${before}\n另一窗口补充的一句。`);
  await other.getByTestId('save').click();
  await expectText(other, /^已保存为修订 2$/);
  await other.close();
  drafter.expectedRefusals++;
  await drafter.getByTestId('save').click();
  await drafter.getByTestId('conflict').waitFor();
  const conflict = await drafter.getByTestId('conflict').innerText();
  check(/张伟 于 .* 保存了修订 2/.test(conflict) && conflict.includes('未丢失') && conflict.includes('另一窗口补充的一句'),
    'a save on a stale base shows the other change with who and when, and keeps my text');
  check((await editor.inputValue()) === after, 'my text is still in the editor after the conflict');
  await shot(drafter, '10b-conflict');
  await drafter.getByRole('button', { name: '以我的内容覆盖为新修订' }).click();
  await expectText(drafter, /^已保存为修订 3$/);
  await drafter.goto(`${env.url}${reportPath}`);
  await drafter.getByTestId('submit').click();
  await expectText(drafter, '已提交第 2 版');

  // A person without the role: no 同意 button, and the API refuses anyway.
  const review2 = await (async () => {
    await drafter.getByTestId('versions').waitFor();
    const link = drafter.getByTestId('versions').locator('tr', { hasText: '第 2 版' }).getByRole('link', { name: '查看审校' });
    await waitFor(drafter, link, 'the second review', 30);
    return await link.getAttribute('href');
  })();
  check(review2 !== review1, 'version 2 is a new review');
  await drafter.goto(`${env.url}${review2}`);
  await drafter.locator('h1').waitFor();
  await drafter.getByRole('heading', { name: '审校环节' }).waitFor();
  check((await drafter.getByTestId('approve').count()) === 0, 'the drafter sees no 同意 button');
  drafter.expectedRefusals++;
  const refused = await drafter.evaluate(async (review) => {
    const s = await (await fetch('/api/session')).json();
    const r = await fetch('/api/rpc/reportflow.review.v1.ReviewService/ApproveTask', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
      body: JSON.stringify({ name: `reviews/${review}/tasks/proofread-1`, digest: 'f'.repeat(64), opinion: '同意', request_id: crypto.randomUUID() }) });
    return { status: r.status, body: await r.json() };
  }, review2.replace('/reviews/', ''));
  check(refused.status === 403 && refused.body.code === 'PERMISSION_DENIED', `the API refuses the drafter's 同意 (${refused.status} ${refused.body.message})`);
  checkNoConsoleErrors(drafter, '起草人');

  // ---- 5. Six people sign version 2; 二校 from her e-mail's action link. ----
  for (const stage of ['proofread-1', 'review-1', 'proofread-2', 'review-2', 'proofread-3', 'review-3']) {
    const page = await signIn(browser, stage, cast[stage]);
    if (stage === 'proofread-2') {
      await signFromMail(page);
      await page.context().close();
      continue;
    }
    await openTask(page, 2);
    if (stage === 'review-2') {
      await page.getByRole('button', { name: '与上一审校版本对比（行内）' }).click();
      await page.locator('ins').first().waitFor();
      check((await page.locator('ins').allInnerTexts()).some((t) => t.includes('万元')), 'the diff against the last reviewed version shows the inserted 万元');
      await accessible(page, '审校页（对比）');
      await shot(page, '11-review-diff');
      await page.getByRole('button', { name: '对比（并排）' }).click();
      await page.getByRole('button', { name: '全文' }).click();
    }
    if (stage === 'review-3') {
      let overridden = 0;
      for (;;) {
        const open = page.getByRole('button', { name: '豁免…' });
        if ((await open.count()) === 0) break;
        const name = await open.first().locator('xpath=ancestor::li[1]').getAttribute('data-finding');
        const item = page.locator(`li[data-finding="${name}"]`);
        await item.getByRole('button', { name: '豁免…' }).click();
        await item.locator('input').fill('原文如此，已与财务核对，以附表数据为准');
        await item.getByRole('button', { name: '确认豁免' }).click();
        await item.getByText('已豁免：原文如此').waitFor();
        overridden++;
      }
      check(overridden > 0, `终审 overrides each blocking finding with a written reason (${overridden})`);
      for (;;) {
        const resolve = page.getByRole('button', { name: '标记已解决' });
        if ((await resolve.count()) === 0) break;
        await resolve.first().click();
        await page.waitForTimeout(300);
      }
      await shot(page, '12-final-review');
    }
    await approve(page, '同意');
    checkNoConsoleErrors(page, stage);
    await page.context().close();
  }

  // ---- 6. The publisher sees the page published. ----
  const sunli = await signIn(browser, 'publisher', cast.publisher);
  await sunli.getByRole('link', { name: '发布' }).click();
  const row = sunli.locator('tr[data-publication]').filter({ hasText: `${report}/versions/2` });
  await waitFor(sunli, row.filter({ hasText: '已公开' }), 'the published page');
  check(/剩余 \d+ 天|按期公开/.test(await row.innerText()), 'the publication shows its deadline');
  // 门户核验: read back after the push, and again on demand.
  check((await row.getByTestId('portal-check').innerText()).startsWith('一致'), 'the page was read back from the portal after its push');
  await row.getByRole('button', { name: '立即核验' }).click();
  await expectText(sunli, '已核验：一致');
  await accessible(sunli, '发布');
  await shot(sunli, '13-published');
  // The portal pushes, then 撤回 with a reason: the page becomes the notice.
  await row.getByRole('button', { name: '推送记录' }).click();
  await sunli.getByText(/公开页面 → .*：成功/).first().waitFor();
  await row.getByRole('button', { name: '撤回' }).click();
  await sunli.getByRole('button', { name: '确认撤回' }).click();
  await expectText(sunli, '撤回理由为必填项');
  await sunli.locator('#dialog-reason').fill('数据口径调整，重新审核后再公开');
  await sunli.getByRole('button', { name: '确认撤回' }).click();
  await expectText(sunli, '已撤回，门户页面替换为撤回公告');
  const withdrawn = await row.innerText();
  check(withdrawn.includes('已撤回') && withdrawn.includes('撤回理由：数据口径调整'), '撤回 with a required reason withdraws the publication');
  await sunli.getByRole('link', { name: '审计' }).click();
  await sunli.locator('#audit-report').waitFor();
  // My preferences: e-mail off, quiet hours; saved and shown again.
  await sunli.getByTestId('bell').click();
  await sunli.getByTestId('preferences').waitFor();
  await sunli.getByTestId('preferences').getByRole('checkbox').uncheck();
  await sunli.locator('#my-quiet').fill('22:00-07:30');
  await sunli.getByTestId('preferences').getByRole('button', { name: '保存' }).click();
  await expectText(sunli, '通知偏好已保存');
  await sunli.reload();
  await sunli.getByTestId('preferences').waitFor();
  check((await sunli.locator('#my-quiet').inputValue()) === '22:00-07:30' &&
    !(await sunli.getByTestId('preferences').getByRole('checkbox').isChecked()), 'my notification preferences are kept');
  checkNoConsoleErrors(sunli, '发布');

  // ---- 6b. The finance bureau's view of 金口河区: the unit published on time,
  // then withdrew the page (above), which the view says. ----
  const zhou = await signIn(browser, 'supervisor', cast.supervisor);
  await zhou.getByRole('link', { name: '财政监督' }).click();
  await zhou.getByTestId('region').waitFor();
  await zhou.locator('#region-year').fill('2024');
  await zhou.getByRole('button', { name: '查询' }).click();
  const office = zhou.getByTestId('region').locator(`tr[data-unit="units/${unit}"]`);
  await office.filter({ hasText: '按期公开' }).waitFor();
  check((await zhou.getByTestId('region-summary').innerText()).includes('1 个单位，已公开 0 个，逾期 0 个'),
    '财政监督 counts the region: a withdrawn page is not public');
  const officeText = await office.innerText();
  check(officeText.includes('乐山市金口河区人民政府办公室') && officeText.includes('按期公开') && /\d+\/13/.test(officeText) &&
    officeText.includes('已撤回'), `财政监督 shows the unit's 及时性, 细化程度 and that the page was withdrawn (${officeText.replace(/\s+/g, ' ')})`);
  const [download] = await Promise.all([zhou.waitForEvent('download'), zhou.getByTestId('region-csv').click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  check(csv.startsWith('\uFEFF单位,单位名称,报告,状态,批复日期') && csv.includes(`${unit},乐山市金口河区人民政府办公室`) && csv.includes('按期公开'),
    '财政监督 exports the table as CSV that Excel reads (UTF-8 with BOM)');
  await accessible(zhou, '财政监督');
  await shot(zhou, '13b-region');
  checkNoConsoleErrors(zhou, '财政监督');

  // ---- 6c. The unit's head sets a group robot: the key is never shown again. ----
  const head = await signIn(browser, 'review-3', cast['review-3']);
  await head.getByRole('link', { name: '通知设置' }).click();
  await head.getByTestId('robot-form').waitFor();
  await head.locator('#robot-id').fill('office-group');
  await head.locator('#robot-webhook').fill('https://oapi.dingtalk.com/robot/send?access_token=browser-test-token');
  await head.locator('#robot-secret').fill('SECbrowser-test-secret');
  await head.getByRole('button', { name: '保存机器人' }).click();
  await expectText(head, '机器人 office-group 已保存');
  const robots = await head.getByTestId('robots').innerText();
  check(robots.includes('office-group') && robots.includes('钉钉') && robots.includes('oapi.dingtalk.com') && robots.includes('已设置'),
    '通知设置 lists the robot with its platform, host and 已设置 secret');
  const html = await head.content();
  check(!html.includes('browser-test-token') && !html.includes('SECbrowser-test-secret'), 'the webhook key and the secret are not in the page after saving');
  await head.locator('#remind-days').fill('3');
  await head.locator('#escalate-days').fill('6');
  await head.getByRole('button', { name: '保存', exact: true }).first().click();
  await expectText(head, '催办天数已保存');
  check((await head.locator('#remind-days').inputValue()) === '3' && (await head.locator('#escalate-days').inputValue()) === '6',
    '催办 days are saved (3 and 6 working days)');
  await accessible(head, '通知设置');
  await shot(head, '13c-notification-settings');
  // Removed again: nothing is posted to a real 钉钉 group from the test.
  await head.getByTestId('robots').getByRole('button', { name: '删除' }).click();
  await expectText(head, '机器人 office-group 已删除');
  checkNoConsoleErrors(head, '通知设置');
  await head.context().close();

  // ---- 7. 审计 and 管理, at 100% and 200% zoom. ----
  const admin = await signIn(browser, 'admin', 'u-admin', { viewport: { width: 1366, height: 900 } });
  await admin.goto(`${env.url}/audit?report=${encodeURIComponent(report)}`);
  await admin.getByTestId('verify').click();
  await admin.getByTestId('verdict').waitFor();
  const verdict = await admin.getByTestId('verdict').innerText();
  console.log(`audit: ${verdict}`);
  await accessible(admin, '审计');
  await shot(admin, '14-audit');
  await admin.getByRole('link', { name: '管理' }).click();
  await admin.getByTestId('people').getByText('张伟').waitFor();
  await admin.getByRole('button', { name: '下级单位' }).first().click();
  await admin.getByTestId('units').getByText('乐山市').first().waitFor();
  check((await admin.getByTestId('units').innerText()).includes('乐山市'), '管理 walks down the unit tree (四川省 › 乐山市)');
  await accessible(admin, '管理');
  await shot(admin, '15-admin');
  checkNoConsoleErrors(admin, '管理员');

  // 200% zoom on a 1366-pixel screen: the layout at 683 CSS pixels.
  const zoomed = await signIn(browser, 'review-3', cast['review-3'], { viewport: { width: 683, height: 450 } });
  await zoomed.goto(`${env.url}${review2}`);
  await zoomed.getByRole('heading', { name: '审校环节' }).waitFor();
  const overflow = await zoomed.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflow <= 1, `审校页 at 200% zoom has no horizontal scrolling (${overflow} px)`);
  await shot(zoomed, '16-review-200-percent');
  await zoomed.getByRole('link', { name: '我的待办' }).click();
  const overflowInbox = await zoomed.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflowInbox <= 1, `我的待办 at 200% zoom has no horizontal scrolling (${overflowInbox} px)`);
  checkNoConsoleErrors(zoomed, '终审（200%）');

  console.log(`browser flow: ${checksRun()} checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await browser.close();
}
