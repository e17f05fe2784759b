import { Chat, fakeRuntime, realFlows } from './test/unit/flow/support.ts';
const { runtime, calls } = fakeRuntime();
const chat = new Chat(realFlows(), runtime);
const show = (r: any) => {
  console.log('=== outcome', r.outcome, 'step', chat.step(), r.toast ?? '');
  for (const rep of r.replies)
    console.log(
      JSON.stringify({ ...rep, text: undefined }),
      '\n',
      typeof rep.text === 'string' ? rep.text : rep.text.value,
    );
};
show(await chat.type('xin chào'));
show(await chat.type('gui phan anh'));
show(await chat.press('Khiếu nại'));
show(await chat.type('dong xa'));
show(await chat.press('Đông Hưng'));
show(await chat.type('2'));
show(await chat.type('Đường làng bị sụt lún lớn, rất nguy hiểm cho người đi xe máy.'));
show(await chat.send({ type: 'photo', fileId: 'f1', fileUniqueId: 'u1' }));
show(await chat.press('Xong'));
show(await chat.send({ type: 'location', latitude: 20.5, longitude: 106.3 }));
show(await chat.type('Huy'));
show(await chat.type('Thôn Đông, xã Đông Hưng'));
show(await chat.type('0912 345 678'));
show(await chat.press('Loại'));
show(await chat.press('Phản ánh'));
show(await chat.press('Có, gửi ẩn danh'));
show(await chat.press('Gửi'));
console.log(JSON.stringify(calls.actions[0]?.ctx.answers, null, 1));
